package io.weir.core.model;

import com.fasterxml.jackson.annotation.JsonInclude;

/** Resources one worker needs; absent fields default to 1 core, 512 MB memory, 1024 MB disk, 128 Mbps, 1 port. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record MachineDefinition(Double cpuCores, Integer memoryMB, Integer diskMB, Integer networkMbps, Integer numPorts) {

    public static final MachineDefinition DEFAULT = new MachineDefinition(1.0, 512, 1024, 128, 1);

    public MachineDefinition {
        cpuCores = cpuCores == null ? 1.0 : cpuCores;
        memoryMB = memoryMB == null ? 512 : memoryMB;
        diskMB = diskMB == null ? 1024 : diskMB;
        networkMbps = networkMbps == null ? 128 : networkMbps;
        numPorts = numPorts == null ? 1 : numPorts;
    }
}
