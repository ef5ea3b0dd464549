/**
 * Asking for a municipality's site to be rebuilt after its public data changed. In AWS this
 * dispatches the CI workflow naming the municipality; locally a debounced worker rebuilds the
 * site in place. Either way a burst of changes makes one build.
 */
export interface Publisher {
  /**
   * @param municipality the site to rebuild
   * @param changedAt when the public record changed; a build that started after it has it already
   */
  requestBuild(municipality: string, changedAt: Date): Promise<void>;
}

/** For the tests and tools that change data without wanting a build. */
export const noPublisher: Publisher = { requestBuild: async () => {} };
