/** Plumbing shared by the client's packages; not API, may change without notice. */
package io.weir.client.internal;
