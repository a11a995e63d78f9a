/** The Weir master: configuration and the composition of the control plane. */
package io.weir.master;
