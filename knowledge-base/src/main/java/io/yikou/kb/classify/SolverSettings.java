package io.yikou.kb.classify;

/**
 * One linear model of a classifier ensemble.
 *
 * @param solver         which LIBLINEAR solver trains it
 * @param c              LIBLINEAR's cost parameter C (inverse regularisation strength), greater than 0
 * @param weight         share of this model in the averaged scores, greater than 0
 * @param balanceLabels  whether each label's training errors cost {@code examples / (labels * examples of the
 *                       label)} times C (LIBLINEAR class weights), so a small label counts as much as a large one;
 *                       model files of format version 1 lack this field, which then reads as false
 */
public record SolverSettings(Solver solver, double c, double weight, boolean balanceLabels) {

    /** The LIBLINEAR solvers a classifier may combine. */
    public enum Solver {
        /**
         * L2-regularised L2-loss support vector classification, dual form, one-vs-rest; scores are a
         * softmax of the decision values.
         */
        SVM,
        /** L2-regularised logistic regression, one-vs-rest; scores are its normalised probabilities. */
        LOGISTIC
    }

    public SolverSettings {
        if (!(c > 0)) {
            throw new IllegalArgumentException("C must be greater than 0, was " + c);
        }
        if (!(weight > 0)) {
            throw new IllegalArgumentException("weight must be greater than 0, was " + weight);
        }
    }

    /** A model trained without label weights. */
    public SolverSettings(Solver solver, double c, double weight) {
        this(solver, c, weight, false);
    }
}
