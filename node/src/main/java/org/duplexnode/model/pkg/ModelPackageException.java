package org.duplexnode.model.pkg;

import java.util.List;

/** A model package that breaks the contract; {@link #problems()} lists every problem found, one per line. */
public final class ModelPackageException extends RuntimeException {
  private final List<String> problems;

  public ModelPackageException(List<String> problems) {
    super(problems.size() == 1 ? problems.get(0)
        : problems.size() + " problems: " + String.join("; ", problems));
    this.problems = List.copyOf(problems);
  }

  public ModelPackageException(String problem) {
    this(List.of(problem));
  }

  public List<String> problems() {
    return problems;
  }
}
