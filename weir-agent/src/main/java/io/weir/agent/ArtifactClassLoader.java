package io.weir.agent;

import java.net.URL;
import java.net.URLClassLoader;

/**
 * Loads one worker's code from its artifact, isolated from the agent's own libraries: classes are looked up in the jar
 * first ("child first"), except the packages agent and worker must share ({@code java.*}, Weir's own {@code io.weir.*},
 * SLF4J, Reactor), which always come from the agent's loader so the worker's {@code WorkerEntryPoint} is the agent's.
 */
final class ArtifactClassLoader extends URLClassLoader {

    private static final String[] SHARED = {
        "java.", "javax.", "jdk.", "sun.", "com.sun.", "io.weir.", "org.slf4j.", "reactor.", "org.reactivestreams.",
    };

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
        for (String prefix : SHARED) {
            if (className.startsWith(prefix)) {
                return true;
            }
        }
        return false;
    }
}
