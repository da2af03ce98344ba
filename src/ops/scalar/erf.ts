/**
 * The error function in double precision, for GELU. JavaScript has no Math.erf and the ops must not
 * load mathjs (only exact mode does), so this is W. J. Cody's rational Chebyshev approximation
 * ("Rational Chebyshev approximations for the error function", Math. Comp. 1969), with the
 * coefficients mathjs uses for its erf: relative error below 1e-15 everywhere.
 */
const THRESH = 0.46875;
const SQRPI = 0.5641895835477563; // 1/√π

const P0 = [3.1611237438705655, 113.86415415105016, 377.485237685302, 3209.3775891384694, 0.18577770618460315];
const Q0 = [23.601290952344122, 244.02463793444417, 1282.6165260773723, 2844.236833439171];
const P1 = [
  0.5641884969886701, 8.883149794388377, 66.11919063714163, 298.6351381974001, 881.952221241769, 1712.0476126340707, 2051.0783778260716,
  1230.3393547979972, 2.1531153547440383e-8,
];
const Q1 = [
  15.744926110709835, 117.6939508913125, 537.1811018620099, 1621.3895745666903, 3290.7992357334597, 4362.619090143247, 3439.3676741437216,
  1230.3393548037495,
];
const P2 = [
  0.30532663496123236, 0.36034489994980445, 0.12578172611122926, 0.016083785148742275, 0.0006587491615298378, 0.016315387137302097,
];
const Q2 = [2.568520192289822, 1.8729528499234604, 0.5279051029514285, 0.06051834131244132, 0.0023352049762686918];

/** exp(−y²) split as exp(−ys²)·exp(−(y − ys)(y + ys)), ys = y rounded down to 1/16, so the square loses no digits. */
function gauss(y: number): number {
  const ys = Math.trunc(y * 16) / 16;
  return Math.exp(-ys * ys) * Math.exp(-(y - ys) * (y + ys));
}

/** erfc(y) for y > THRESH. */
function erfc(y: number): number {
  if (y <= 4) {
    let num = P1[8] * y;
    let den = y;
    for (let i = 0; i < 7; i++) {
      num = (num + P1[i]) * y;
      den = (den + Q1[i]) * y;
    }
    return gauss(y) * ((num + P1[7]) / (den + Q1[7]));
  }
  const z = 1 / (y * y);
  let num = P2[5] * z;
  let den = z;
  for (let i = 0; i < 4; i++) {
    num = (num + P2[i]) * z;
    den = (den + Q2[i]) * z;
  }
  return (gauss(y) * (SQRPI - (z * (num + P2[4])) / (den + Q2[4]))) / y;
}

export function erf(x: number): number {
  const y = Math.abs(x);
  if (y > THRESH) return Math.sign(x) * (1 - erfc(y));
  const z = y * y;
  let num = P0[4] * z;
  let den = z;
  for (let i = 0; i < 3; i++) {
    num = (num + P0[i]) * z;
    den = (den + Q0[i]) * z;
  }
  return (x * (num + P0[3])) / (den + Q0[3]);
}
