/** The control loop: the one thread that owns and changes the master's state. */
package io.weir.master.loop;
