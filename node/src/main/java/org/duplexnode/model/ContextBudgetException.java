package org.duplexnode.model;

/** A system prompt that cannot fit the model's context budget: a configuration error, not a model failure. */
public final class ContextBudgetException extends IllegalArgumentException {
  private static final long serialVersionUID = 1L;

  private final transient ContextBudget budget;

  public ContextBudgetException(ContextBudget budget) {
    super("the system prompt is " + budget.systemTokens() + " tokens; the model's context budget allows at most "
        + budget.systemLimit() + " (" + budget.describe() + ")");
    this.budget = budget;
  }

  public ContextBudget budget() {
    return budget;
  }
}
