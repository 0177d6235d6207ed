/**
 * Special functions behind the exact quantiles and CDFs. Written out here because JavaScript
 * has no erfc, no incomplete beta, and no normal quantile accurate to double precision.
 */

const SQRT_2PI = 2.5066282746310002;
const INV_SQRT_2PI = 0.3989422804014327;

/** Phi^-1(0.95): the z of the 5th/95th percentiles that parametrise a lognormal. */
export const Z95 = 1.6448536269514722;

/**
 * The standard normal quantile Phi^-1(p): Wichura's AS241 (Appl. Statist. 37, 1988), PPND16,
 * relative accuracy about 1e-16 over the whole of (0, 1).
 */
export function normalQuantile(p: number): number {
  if (!(p > 0)) return p === 0 ? -Infinity : NaN;
  if (!(p < 1)) return p === 1 ? Infinity : NaN;
  const q = p - 0.5;
  if (Math.abs(q) <= 0.425) {
    const r = 0.180625 - q * q;
    return (
      (q *
        (((((((2509.0809287301226727 * r + 33430.575583588128105) * r + 67265.770927008700853) * r +
          45921.953931549871457) * r + 13731.693765509461125) * r + 1971.5909503065514427) * r +
          133.14166789178437745) * r + 3.387132872796366608)) /
      (((((((5226.495278852854561 * r + 28729.085735721942674) * r + 39307.89580009271061) * r +
        21213.794301586595867) * r + 5394.1960214247511077) * r + 687.1870074920579083) * r +
        42.313330701600911252) * r + 1)
    );
  }
  let r = Math.sqrt(-Math.log(q < 0 ? p : 1 - p));
  let z: number;
  if (r <= 5) {
    r -= 1.6;
    z =
      (((((((7.7454501427834140764e-4 * r + 0.0227238449892691845833) * r + 0.24178072517745061177) * r +
        1.27045825245236838258) * r + 3.64784832476320460504) * r + 5.7694972214606914055) * r +
        4.6303378461565452959) * r + 1.42343711074968357734) /
      (((((((1.05075007164441684324e-9 * r + 5.475938084995344946e-4) * r + 0.0151986665636164571966) * r +
        0.14810397642748007459) * r + 0.68976733498510000455) * r + 1.6763848301838038494) * r +
        2.05319162663775882187) * r + 1);
  } else {
    r -= 5;
    z =
      (((((((2.01033439929228813265e-7 * r + 2.71155556874348757815e-5) * r + 0.0012426609473880784386) * r +
        0.026532189526576123093) * r + 0.29656057182850489123) * r + 1.7848265399172913358) * r +
        5.4637849111641143699) * r + 6.6579046435011037772) /
      (((((((2.04426310338993978564e-15 * r + 1.4215117583164458887e-7) * r + 1.8463183175100546818e-5) * r +
        7.868691311456132591e-4) * r + 0.0148753612908506148525) * r + 0.13692988092273580531) * r +
        0.59983220655588793769) * r + 1);
  }
  return q < 0 ? -z : z;
}

const CA = [2.2352520354606839287, 161.02823106855587881, 1067.6894854603709582, 18154.981253343561249, 0.065682337918207449113];
const CB = [47.20258190468824187, 976.09855173777669322, 10260.932208618978205, 45507.789335026729956];
const CC = [
  0.39894151208813466764, 8.8831497943883759412, 93.506656132177855979, 597.27027639480026226, 2494.5375852903726711,
  6848.1904505362823326, 11602.651437647350124, 9842.7148383839780218, 1.0765576773720192317e-8,
];
const CD = [
  22.266688044328115691, 235.38790178262499861, 1519.377599407554805, 6485.558298266760755, 18615.571640885098091,
  34900.952721145977266, 38912.003286093271411, 19685.429676859990727,
];
const CP = [0.21589853405795699, 0.1274011611602473639, 0.022235277870649807, 0.001421619193227893466, 2.9112874951168792e-5, 0.02307344176494017303];
const CQ = [1.28426009614491121, 0.468238212480865118, 0.0659881378689285515, 0.00378239633202758244, 7.29751555083966205e-5];

/**
 * The standard normal CDF Phi(x) = erfc(-x / sqrt 2) / 2, by Cody's rational Chebyshev
 * approximations to erfc (Math. Comp. 23, 1969) in the form of R's pnorm: full relative accuracy
 * in the lower tail, so Phi(-x) is also an accurate upper tail.
 */
export function normalCdf(x: number): number {
  const y = Math.abs(x);
  if (y <= 0.67448975) {
    const xsq = y > 1.1e-16 ? x * x : 0;
    let num = CA[4] * xsq;
    let den = xsq;
    for (let i = 0; i < 3; i++) {
      num = (num + CA[i]) * xsq;
      den = (den + CB[i]) * xsq;
    }
    return 0.5 + (x * (num + CA[3])) / (den + CB[3]);
  }
  let r: number;
  if (y <= 5.656854249492381) {
    let num = CC[8] * y;
    let den = y;
    for (let i = 0; i < 7; i++) {
      num = (num + CC[i]) * y;
      den = (den + CD[i]) * y;
    }
    r = (num + CC[7]) / (den + CD[7]);
  } else if (y < 38.5) {
    const xsq = 1 / (x * x);
    let num = CP[5] * xsq;
    let den = xsq;
    for (let i = 0; i < 4; i++) {
      num = (num + CP[i]) * xsq;
      den = (den + CQ[i]) * xsq;
    }
    r = (INV_SQRT_2PI - (xsq * (num + CP[4])) / (den + CQ[4])) / y;
  } else {
    return x > 0 ? 1 : 0;
  }
  // exp(-y^2/2) split so that the large part is exact (Cody's trick).
  const ysq = Math.trunc(y * 16) / 16;
  const del = (y - ysq) * (y + ysq);
  const tail = Math.exp(-ysq * ysq * 0.5) * Math.exp(-del * 0.5) * r;
  return x > 0 ? 1 - tail : tail;
}

export function normalPdf(x: number): number {
  return Math.exp(-0.5 * x * x) / SQRT_2PI;
}

const LANCZOS = [
  0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313, -176.61502916214059,
  12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6, 1.5056327351493116e-7,
];

/** ln Gamma(x) for x > 0 (Lanczos, g = 7; about 1e-15 relative). */
export function lnGamma(x: number): number {
  if (x < 0.5) return Math.log(Math.PI / Math.sin(Math.PI * x)) - lnGamma(1 - x);
  const z = x - 1;
  let s = LANCZOS[0];
  for (let i = 1; i < 9; i++) s += LANCZOS[i] / (z + i);
  const t = z + 7.5;
  return 0.5 * Math.log(2 * Math.PI) + (z + 0.5) * Math.log(t) - t + Math.log(s);
}

export function lnBeta(a: number, b: number): number {
  return lnGamma(a) + lnGamma(b) - lnGamma(a + b);
}

/** The continued fraction of I_x(a, b), by the modified Lentz method (Numerical Recipes 6.4). */
function betaContinuedFraction(x: number, a: number, b: number): number {
  const TINY = 1e-300;
  const qab = a + b;
  const qap = a + 1;
  const qam = a - 1;
  let c = 1;
  let d = 1 - (qab * x) / qap;
  if (Math.abs(d) < TINY) d = TINY;
  d = 1 / d;
  let h = d;
  for (let m = 1; m <= 10000; m++) {
    const m2 = 2 * m;
    let aa = (m * (b - m) * x) / ((qam + m2) * (a + m2));
    d = 1 + aa * d;
    if (Math.abs(d) < TINY) d = TINY;
    c = 1 + aa / c;
    if (Math.abs(c) < TINY) c = TINY;
    d = 1 / d;
    h *= d * c;
    aa = (-(a + m) * (qab + m) * x) / ((a + m2) * (qap + m2));
    d = 1 + aa * d;
    if (Math.abs(d) < TINY) d = TINY;
    c = 1 + aa / c;
    if (Math.abs(c) < TINY) c = TINY;
    d = 1 / d;
    const step = d * c;
    h *= step;
    if (Math.abs(step - 1) < 3e-16) break;
  }
  return h;
}

/** The regularized incomplete beta function I_x(a, b), the Beta(a, b) CDF. `lnB` = lnBeta(a, b). */
export function incompleteBeta(x: number, a: number, b: number, lnB: number = lnBeta(a, b)): number {
  if (!(x > 0)) return 0;
  if (!(x < 1)) return 1;
  const front = Math.exp(a * Math.log(x) + b * Math.log1p(-x) - lnB);
  // The fraction converges fast only on this side of the mean; use the symmetry on the other.
  if (x < (a + 1) / (a + b + 2)) return (front * betaContinuedFraction(x, a, b)) / a;
  return 1 - (front * betaContinuedFraction(1 - x, b, a)) / b;
}

export function betaPdf(x: number, a: number, b: number, lnB: number = lnBeta(a, b)): number {
  if (x < 0 || x > 1) return 0;
  return Math.exp((a - 1) * Math.log(x) + (b - 1) * Math.log1p(-x) - lnB);
}

/**
 * The Beta(a, b) quantile, and Q(1 - v) for small v. Each solves for whichever of x and 1 - x is
 * below 1/2 (where a double resolves it finely), so the side depends on I_{1/2}(a, b), not on p.
 */
export function betaInverse(a: number, b: number, lnB: number = lnBeta(a, b)) {
  const half = incompleteBeta(0.5, a, b, lnB);
  const mirrorHalf = incompleteBeta(0.5, b, a, lnB);
  const quantile = (p: number): number => {
    if (!(p > 0)) return p === 0 ? 0 : NaN;
    if (!(p < 1)) return p === 1 ? 1 : NaN;
    return p <= half ? lowerBetaQuantile(p, a, b, lnB) : 1 - lowerBetaQuantile(1 - p, b, a, lnB);
  };
  const upperQuantile = (v: number): number => {
    if (!(v > 0)) return v === 0 ? 1 : NaN;
    return v <= mirrorHalf ? 1 - lowerBetaQuantile(v, b, a, lnB) : lowerBetaQuantile(1 - v, a, b, lnB);
  };
  return { quantile, upperQuantile };
}

/**
 * x <= 1/2 with I_x(a, b) = p: Newton's method on ln I against ln x, which is exact for the
 * power-law tail I ~ C x^a, safeguarded by a bracket and bisection. Start: Numerical Recipes 6.4.
 */
function lowerBetaQuantile(p: number, a: number, b: number, lnB: number): number {
  let x: number;
  if (a >= 1 && b >= 1) {
    const t = Math.sqrt(-2 * Math.log(p < 0.5 ? p : 1 - p));
    const r = t - (2.30753 + t * 0.27061) / (1 + t * (0.99229 + t * 0.04481));
    const z = p < 0.5 ? r : -r;
    const al = (z * z - 3) / 6;
    const h = 2 / (1 / (2 * a - 1) + 1 / (2 * b - 1));
    const w = (z * Math.sqrt(al + h)) / h - (1 / (2 * b - 1) - 1 / (2 * a - 1)) * (al + 5 / 6 - 2 / (3 * h));
    x = a / (a + b * Math.exp(2 * w));
  } else {
    const t = Math.exp(a * Math.log(a / (a + b))) / a;
    const u = Math.exp(b * Math.log(b / (a + b))) / b;
    const w = t + u;
    x = p < t / w ? Math.pow(a * w * p, 1 / a) : 1 - Math.pow(b * w * (1 - p), 1 / b);
  }
  if (!(x > 0 && x <= 0.5)) x = 0.25;
  const lnP = Math.log(p);
  let lo = 0;
  let hi = 0.5;
  for (let i = 0; i < 200; i++) {
    const f = incompleteBeta(x, a, b, lnB);
    if (f === p) return x;
    if (f < p) lo = x;
    else hi = x;
    const slope = (x * betaPdf(x, a, b, lnB)) / f; // d ln I / d ln x
    let next = x * Math.exp(-(Math.log(f) - lnP) / slope);
    if (!(next > lo && next < hi)) next = lo > 0 ? 0.5 * (lo + hi) : 0.0625 * hi;
    if (Math.abs(next - x) <= 4e-16 * x || hi - lo <= 4e-16 * hi) return next;
    x = next;
  }
  return x;
}
