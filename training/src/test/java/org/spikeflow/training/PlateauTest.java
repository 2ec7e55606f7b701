package org.spikeflow.training;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

class PlateauTest {
    private static List<Plateau.Decision> run(int patience, double... accuracies) {
        Plateau p = new Plateau(patience);
        List<Plateau.Decision> out = new ArrayList<>();
        for (double a : accuracies) {
            Plateau.Decision d = p.after(a);
            out.add(d);
            if (d == Plateau.Decision.STOP) break;
        }
        return out;
    }

    @Test
    void halvesTheRateOncePerPlateauAndStopsAtThePatience() {
        // Patience 4: the cut comes at the 2nd epoch without improvement, once; the stop at the 4th.
        assertEquals(List.of(Plateau.Decision.IMPROVED, Plateau.Decision.CONTINUE, Plateau.Decision.HALVE_RATE,
            Plateau.Decision.CONTINUE, Plateau.Decision.STOP), run(4, 0.5, 0.4, 0.5, 0.45, 0.3, 0.9));
    }

    @Test
    void aNewBestStartsANewPlateauWithItsOwnCut() {
        assertEquals(List.of(Plateau.Decision.IMPROVED, Plateau.Decision.CONTINUE, Plateau.Decision.HALVE_RATE,
            Plateau.Decision.IMPROVED, Plateau.Decision.CONTINUE, Plateau.Decision.HALVE_RATE, Plateau.Decision.CONTINUE,
            Plateau.Decision.STOP), run(4, 0.5, 0.5, 0.4, 0.6, 0.6, 0.1, 0.59, 0.2));
    }

    @Test
    void patienceOneStopsAtTheFirstEpochWithoutImprovement() {
        assertEquals(List.of(Plateau.Decision.IMPROVED, Plateau.Decision.IMPROVED, Plateau.Decision.STOP), run(1, 0.1, 0.2, 0.2));
    }
}
