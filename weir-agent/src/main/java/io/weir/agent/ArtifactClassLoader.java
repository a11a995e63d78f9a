package io.weir.agent;

import java.net.URL;
import java.net.URLClassLoader;
import java.util.List;

/**
 * Loads one worker's code from its artifact, isolated from the agent's own libraries: classes are looked up in the jar
 * first ("child first"), so a job's own classes always win, whatever their package (a jar's
 * {@code io.weir.examples.WordCountJob} is the jar's, not the agent's). Only the packages agent and job must share come
 * from the agent's loader first ({@link #PARENT_FIRST}): the JDK, Weir's API modules (weir-core, weir-transport,
 * weir-mql, weir-runtime, weir-client), and the libraries those APIs expose (SLF4J, Reactor, Reactive Streams,
 * Micrometer). docs/jobs.md lists them for users.
 */
final class ArtifactClassLoader extends URLClassLoader {

    /** Package prefixes loaded from the agent first; everything else comes from the artifact first. */
    static final List<String> PARENT_FIRST = List.of(
            "java.", "javax.", "jdk.", "sun.", "com.sun.",
            "io.weir.core.", "io.weir.transport.", "io.weir.mql.", "io.weir.runtime.", "io.weir.client.",
            "org.slf4j.", "reactor.", "org.reactivestreams.", "io.micrometer.");

    static {
        registerAsParallelCapable();
    }

    ArtifactClassLoader(String name, URL jar, ClassLoader parent) {
        super(name, new URL[] {jar}, parent);
    }

    @Override
    protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
        if (shared(name)) {
            return super.loadClass(name, resolve);
        }
        synchronized (getClassLoadingLock(name)) {
            Class<?> c = findLoadedClass(name);
            if (c == null) {
                try {
                    c = findClass(name);
                } catch (ClassNotFoundException e) {
                    return super.loadClass(name, resolve);
                }
            }
            if (resolve) {
                resolveClass(c);
            }
            return c;
        }
    }

    @Override
    public URL getResource(String name) {
        URL own = findResource(name);
        return own != null ? own : super.getResource(name);
    }

    private static boolean shared(String className) {
        for (String prefix : PARENT_FIRST) {
            if (className.startsWith(prefix)) {
                return true;
            }
        }
        return false;
    }
}
