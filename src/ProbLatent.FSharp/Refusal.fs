namespace ProbLatent.FSharp

/// A backend that cannot run a model, and why (what it says would work instead).
type Refusal = { Backend: string; Reason: string }
