/// Comparisons of floating-point results up to rounding: every tolerance is relative to the size of what is compared,
/// with a floor of 1 so that values near zero are compared absolutely.
module ProbLatent.Verification.Tolerance

/// The slack allowed around `reference`: tolerance × max(1, |reference|).
[<CompiledName("Slack")>]
let slack (tolerance: float) (reference: float) = tolerance * max 1.0 (abs reference)

/// a and b agree within the tolerance, relative to the larger of them.
[<CompiledName("Close")>]
let close (tolerance: float) (a: float) (b: float) = abs (a - b) <= slack tolerance (max (abs a) (abs b))

/// a ≤ b up to the tolerance, relative to b.
[<CompiledName("AtMost")>]
let atMost (tolerance: float) (a: float) (b: float) = a <= b + slack tolerance b
