// The model block's shape (see assembly/model.ts): rows per column, and the bytes from one
// column to the next, a cache line more than a column so that the columns a row touches do not
// all fall in the same L1 cache set.

export const BLOCK_ROWS = 2048;
export const STRIDE = BLOCK_ROWS * 8 + 64;
