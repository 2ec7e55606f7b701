package org.spikeflow.hardware;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Built-in device profiles. Every figure carries its source.
 * <ul>
 * <li>cpu, gpu, arm, loihi, spinnaker, spinnaker2: the device table of KerasSpiking's {@code ModelEnergy}
 * (Nengo, keras-spiking documentation, "Estimating model energy"), which cites Degnan et al. 2016 (cpu, gpu,
 * arm), Davies et al. 2018 (Loihi: 23.6 pJ synaptic spike + 3.5 pJ synaptic update per synop, 81 pJ per
 * neuron update), Furber et al. 2014 / Stromatias et al. 2013 (SpiNNaker: 13.3 nJ per synop, 26 nJ per
 * neuron update) and Höppner et al. 2019 (SpiNNaker 2: 450 pJ per synop, 2.19 nJ per neuron update).</li>
 * <li>loihi-sanafe: Loihi as calibrated by SANA-FE (Boyle et al., "SANA-FE: Simulating Advanced Neuromorphic
 * Architectures for Fast Exploration", 2023): 35.5 pJ per synaptic event, 51 pJ per neuron update without a
 * spike and 73 pJ with one (modelled as 51 pJ per update + 22 pJ per spike); only active neurons update.</li>
 * <li>asic45nm: Horowitz, "Computing's energy problem", ISSCC 2014, 45 nm: float32 multiply-add 4.6 pJ
 * (3.7 pJ multiply + 0.9 pJ add) per ANN operation, 0.9 pJ float32 add per SNN synaptic event and per neuron
 * update (one add per membrane update).</li>
 * </ul>
 */
public final class Devices {
    private static final double PJ = 1e-12;
    private static final double NJ = 1e-9;

    private Devices() {
    }

    public static Map<String, DeviceProfile> builtIn() {
        Map<String, DeviceProfile> m = new LinkedHashMap<>();
        String ks = "KerasSpiking ModelEnergy device table";
        m.put("cpu", new DeviceProfile("cpu", false, 8.6 * NJ, 0, 8.6 * NJ, 0, NeuronUpdateMode.ALL, 0, 0,
            ks + " (Degnan et al. 2016, Intel i7-4960X)"));
        m.put("gpu", new DeviceProfile("gpu", false, 0.3 * NJ, 0, 0.3 * NJ, 0, NeuronUpdateMode.ALL, 0, 0,
            ks + " (Degnan et al. 2016, Nvidia GTX Titan Black)"));
        m.put("arm", new DeviceProfile("arm", false, 0.9 * NJ, 0, 0.9 * NJ, 0, NeuronUpdateMode.ALL, 0, 0,
            ks + " (Degnan et al. 2016, ARM Cortex-A)"));
        m.put("loihi", new DeviceProfile("loihi", true, 0, (23.6 + 3.5) * PJ, 81 * PJ, 0, NeuronUpdateMode.ALL, 0, 0,
            ks + " (Davies et al. 2018, Intel Loihi: 23.6 pJ spike + 3.5 pJ update per synop, 81 pJ per neuron update)"));
        m.put("spinnaker", new DeviceProfile("spinnaker", true, 0, 13.3 * NJ, 26 * NJ, 0, NeuronUpdateMode.ALL, 0, 0,
            ks + " (Furber et al. 2014, SpiNNaker)"));
        m.put("spinnaker2", new DeviceProfile("spinnaker2", true, 0, 450 * PJ, 2.19 * NJ, 0, NeuronUpdateMode.ALL, 0, 0,
            ks + " (Höppner et al. 2019, SpiNNaker 2)"));
        m.put("loihi-sanafe", new DeviceProfile("loihi-sanafe", true, 0, 35.5 * PJ, 51 * PJ, 22 * PJ, NeuronUpdateMode.ACTIVE,
            0, 0, "SANA-FE calibration of Loihi (Boyle et al. 2023): 35.5 pJ per synaptic event, 51-73 pJ per neuron update"));
        m.put("asic45nm", new DeviceProfile("asic45nm", true, 4.6 * PJ, 0.9 * PJ, 0.9 * PJ, 0, NeuronUpdateMode.ALL, 0, 0,
            "Horowitz ISSCC 2014, 45 nm: fp32 MAC 4.6 pJ, fp32 add 0.9 pJ"));
        return m;
    }
}
