/**
 * The reports the project writes and reads back: typed records ({@link org.spikeflow.report.SimulationReport},
 * {@link org.spikeflow.report.LayerReport}, {@link org.spikeflow.report.EnergyReport}) with the documented JSON
 * field names (docs/report-schema.md), and {@link org.spikeflow.report.ReportJson}, the one mapper that writes
 * and reads them. Records are immutable and may be shared between threads.
 */
package org.spikeflow.report;
