/**
 * Model packages (docs/model-contract.md): the manifest, its checks against the graph contract,
 * the host-side tables and the tokenizer.
 */
package org.duplexnode.model.pkg;
