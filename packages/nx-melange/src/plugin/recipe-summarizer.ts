/**
 * The one place the plugin meets the recipe model: a summarizer over the workspace pipelines
 * (searched first, as melange's --pipeline-dir) and the built-in ones.
 */
import { PipelineLibrary, summarizeRecipe } from '@stagecraft/melange-config';
import type { SummarizeRecipe } from './create-recipe-nodes';

export function createRecipeSummarizer(_workspaceRoot: string, pipelineDir: string): SummarizeRecipe {
  // A workspace without the folder simply has no pipelines of its own.
  const library = new PipelineLibrary({ workspaceDirs: [pipelineDir] });
  return (file, text) => summarizeRecipe(text, file, { library });
}
