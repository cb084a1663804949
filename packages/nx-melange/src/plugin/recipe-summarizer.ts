/**
 * The one place the plugin meets the recipe model: a summarizer over the workspace pipelines
 * (searched first, as melange's --pipeline-dir) and the built-in ones.
 */
import { PipelineLibrary, RecipeError, RecipeErrors, summarizeRecipe } from '@stagecraft/melange-config';
import type { SummarizeRecipe } from './create-recipe-nodes';

export function createRecipeSummarizer(_workspaceRoot: string, pipelineDir: string): SummarizeRecipe {
  // A workspace without the folder simply has no pipelines of its own.
  const library = new PipelineLibrary({ workspaceDirs: [pipelineDir] });
  return (file, text) => {
    try {
      return summarizeRecipe(text, file, { library });
    } catch (error) {
      // Nx prints a plugin error's stack. For a mistake in a recipe the stack points into our
      // code, not at the user's file (the message already names file:line), so it is dropped;
      // errors that are our bugs keep theirs.
      if (error instanceof RecipeErrors || error instanceof RecipeError) error.stack = `${error.name}: ${error.message}`;
      throw error;
    }
  };
}
