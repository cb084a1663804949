/**
 * "Already asked for in this walk" for the thousands of project walks of one resolution: each
 * table lives for the whole resolution and stamps its entries with the walk that last marked
 * them, so a new walk voids every mark by counting one up. A fresh Set per walk, regrown from
 * empty each time, was a good part of a Wolfi-sized resolution's garbage.
 */
export class WalkMarks {
  private walk = 0;
  /** per lock ref ('' for none): names asked for with self kept, and with self skipped */
  private readonly asked = new Map<string, readonly [Map<string, number>, Map<string, number>]>();
  /** packages whose runtime closure was expanded, with self kept and with self skipped */
  private readonly expanded = [new Map<string, number>(), new Map<string, number>()] as const;

  /** Starts a walk: nothing is marked in it yet. */
  startWalk(): void {
    this.walk++;
  }

  /** Marks a name as asked for in this walk; false when it already was. */
  ask(lock: string, skipSelf: boolean, name: string): boolean {
    let tables = this.asked.get(lock);
    if (!tables) this.asked.set(lock, (tables = [new Map(), new Map()]));
    return this.stamp(tables[skipSelf ? 1 : 0], name);
  }

  /** Marks a package as expanded in this walk; false when it already was. */
  expand(skipSelf: boolean, key: string): boolean {
    return this.stamp(this.expanded[skipSelf ? 1 : 0], key);
  }

  private stamp(table: Map<string, number>, key: string): boolean {
    if (table.get(key) === this.walk) return false;
    table.set(key, this.walk);
    return true;
  }
}
