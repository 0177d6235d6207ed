/**
 * Sobol direction numbers of Joe & Kuo, "Constructing Sobol sequences with better
 * two-dimensional projections", SIAM J. Sci. Comput. 30 (2008) 2635-2654: the first 31 rows of
 * their file new-joe-kuo-6.21201 (dimensions 2 to 32; dimension 1 is van der Corput's, all
 * m = 1), as [s, a, [m_1 .. m_s]]: the degree s of the primitive polynomial, its coefficients a,
 * and the initial direction integers. Copied from the file as the npm package `sobol` 1.1.4 ships
 * it (dims21201.txt), and checked against an independent copy of the same table.
 *
 * Embedded rather than imported: 32 dimensions cover the model's 26 assumptions, and no npm
 * package ships the table with a generator we can use (`sobol` reads its 1.9 MB file at run time,
 * which the bundled CLI cannot, and its 52-bit arithmetic in 32-bit JavaScript shifts gives values
 * outside [0, 1) from the 2^20th point on).
 */
export const JOE_KUO_6_21201: readonly (readonly [number, number, readonly number[]])[] = [
  [1, 0, [1]], // d = 2
  [2, 1, [1, 3]], // d = 3
  [3, 1, [1, 3, 1]], // d = 4
  [3, 2, [1, 1, 1]], // d = 5
  [4, 1, [1, 1, 3, 3]], // d = 6
  [4, 4, [1, 3, 5, 13]], // d = 7
  [5, 2, [1, 1, 5, 5, 17]], // d = 8
  [5, 4, [1, 1, 5, 5, 5]], // d = 9
  [5, 7, [1, 1, 7, 11, 19]], // d = 10
  [5, 11, [1, 1, 5, 1, 1]], // d = 11
  [5, 13, [1, 1, 1, 3, 11]], // d = 12
  [5, 14, [1, 3, 5, 5, 31]], // d = 13
  [6, 1, [1, 3, 3, 9, 7, 49]], // d = 14
  [6, 13, [1, 1, 1, 15, 21, 21]], // d = 15
  [6, 16, [1, 3, 1, 13, 27, 49]], // d = 16
  [6, 19, [1, 1, 1, 15, 7, 5]], // d = 17
  [6, 22, [1, 3, 1, 15, 13, 25]], // d = 18
  [6, 25, [1, 1, 5, 5, 19, 61]], // d = 19
  [7, 1, [1, 3, 7, 11, 23, 15, 103]], // d = 20
  [7, 4, [1, 3, 7, 13, 13, 15, 69]], // d = 21
  [7, 7, [1, 1, 3, 13, 7, 35, 63]], // d = 22
  [7, 8, [1, 3, 5, 9, 1, 25, 53]], // d = 23
  [7, 14, [1, 3, 1, 13, 9, 35, 107]], // d = 24
  [7, 19, [1, 3, 1, 5, 27, 61, 31]], // d = 25
  [7, 21, [1, 1, 5, 11, 19, 41, 61]], // d = 26
  [7, 28, [1, 3, 5, 3, 3, 13, 69]], // d = 27
  [7, 31, [1, 1, 7, 13, 1, 19, 1]], // d = 28
  [7, 32, [1, 3, 7, 5, 13, 19, 59]], // d = 29
  [7, 37, [1, 1, 3, 9, 25, 29, 41]], // d = 30
  [7, 41, [1, 3, 5, 13, 23, 1, 55]], // d = 31
  [7, 42, [1, 3, 7, 3, 13, 59, 17]], // d = 32
];
