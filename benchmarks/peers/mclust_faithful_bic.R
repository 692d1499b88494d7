# Peer reference for ProbLatent's model selection (`problatent select`, ProbLatent.Selection): mclust's BIC and ICL on
# Old Faithful for K = 1..4 components, full (VVV) and diagonal (VVI) covariances, with each fit's log-likelihood and
# free parameters. mclust reports BIC = 2 log L - p log n (larger is better), the convention ProbLatent uses. Measuring
# only: ProbLatent does not depend on R or mclust. The numbers are in tests/ProbLatent.Tests/Selection/MclustReferenceTests.cs.
#
#     apt-get install -y r-cran-mclust     # Debian's package
#     Rscript benchmarks/peers/mclust_faithful_bic.R ../shared/data/faithful.csv
#
# mclust starts EM from a model-based hierarchical clustering (deterministic: no seed), once per K. Its EM stops when the
# log-likelihood's relative change is below 1e-5, where on Old Faithful the parameters are still about 1e-4 from the
# maximum: the log-likelihood is flat there (BIC moves by 2e-4) but the ICL, through the few points near the boundary
# between two components, moves by 1e-2. The second run, with tolerance 1e-12, gives the values at the maximum.
suppressPackageStartupMessages(library(mclust))
args <- commandArgs(trailingOnly = TRUE)
x <- read.csv(if (length(args) > 0) args[1] else "../shared/data/faithful.csv")
cat(sprintf("mclust %s, R %s, n = %d\n", packageVersion("mclust"), getRversion(), nrow(x)))
for (tol in c(1e-5, 1e-12)) {
  cat(sprintf("EM tolerance %g%s\n", tol, if (tol == 1e-5) " (mclust's default)" else ""))
  for (model in c("VVV", "VVI")) {
    for (k in 1:4) {
      fit <- Mclust(x, G = k, modelNames = model, verbose = FALSE, control = emControl(tol = c(tol, sqrt(.Machine$double.eps))))
      cat(sprintf("%s K=%d loglik=%.10f df=%d bic=%.10f icl=%.10f\n", model, k, fit$loglik, fit$df, fit$bic, icl(fit)))
    }
  }
}
