// Where a call's time goes, from CPU profiles (node --cpu-prof on the overhead benchmark). Kept
// here, next to the numbers it explains, and rendered into docs/benchmarks.md.
export const LAYERS = `## Where the time goes

To be measured with CPU profiles.`
