/** Job artifacts uploaded to the master and served to agents, content-addressed by SHA-256. */
package io.weir.master.artifact;
