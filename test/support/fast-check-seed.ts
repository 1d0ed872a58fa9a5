// fast-check explores with a new random seed on every local run, which is how it finds bugs.
// Under CI the seed is fixed (or FC_SEED's), so that a landing never fails by the luck of a seed:
// a seed that finds something locally is printed by fast-check; rerun with FC_SEED=<seed>.
import fc from 'fast-check'

const seed = process.env.FC_SEED ?? (process.env.CI ? '20261207' : undefined)
if (seed !== undefined) fc.configureGlobal({ seed: Number(seed) })
