/** Secrets and the tokens derived from them. */
package io.weir.core.security;
