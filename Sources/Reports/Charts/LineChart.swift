// SPDX-License-Identifier: Apache-2.0

/// A line chart with markers, axis titles with units, grid lines and a legend.
struct LineChart {
    struct Series {
        var name: String
        var points: [(x: Double, y: Double)]
        var colorIndex: Int
        var dashed = false
    }

    /// A vertical dashed line at `x` with a label at the top of the plot.
    struct Marker {
        var x: Double
        var label: String
    }

    var title: String
    /// A second, smaller title line (the workload), so long titles stay inside the chart.
    var subtitle: String?
    var xAxis: ChartAxis
    var yAxis: ChartAxis
    var series: [Series]
    var markers: [Marker] = []
    /// Formats a point for its tooltip.
    var describe: (Series, Double, Double) -> String = { series, x, y in
        "\(series.name): \(NumberFormat.short(x)), \(NumberFormat.short(y))"
    }

    static let plotHeight = 300.0

    func svg() -> String {
        let legendRows = (series.count + 2) / 3
        let top = ChartFrame.plotTop + (subtitle == nil ? 0 : 16)
        var canvas = SVGCanvas(width: ChartFrame.width, height: top + Self.plotHeight + 70 + Double(legendRows) * 18,
                               title: [title, subtitle].compactMap { $0 }.joined(separator: ": "))
        canvas.text(ChartFrame.plotLeft, 24, title, size: 15, bold: true)
        if let subtitle { canvas.text(ChartFrame.plotLeft, 42, subtitle, size: 13) }
        ChartFrame.drawAxes(on: &canvas, x: xAxis, y: yAxis, left: ChartFrame.plotLeft, top: top,
                            width: ChartFrame.plotWidth, height: Self.plotHeight)
        for (index, marker) in markers.enumerated() {
            let x = ChartFrame.plotLeft + xAxis.fraction(marker.x) * ChartFrame.plotWidth
            canvas.line(x, top, x, top + Self.plotHeight, stroke: ChartPalette.axis, dashed: true)
            // Labels sit to the right of their line unless that runs off the plot.
            let rightSide = x < ChartFrame.plotLeft + ChartFrame.plotWidth * 0.6
            canvas.text(rightSide ? x + 4 : x - 4, top + 14 + Double(index) * 14, marker.label,
                        anchor: rightSide ? .start : .end, size: 11)
        }
        for line in series where !line.points.isEmpty {
            let color = ChartPalette.color(line.colorIndex)
            let pixels = line.points.map { point in
                (ChartFrame.plotLeft + xAxis.fraction(point.x) * ChartFrame.plotWidth,
                 top + (1 - yAxis.fraction(point.y)) * Self.plotHeight)
            }
            canvas.polyline(pixels, stroke: color, dashed: line.dashed)
            for (pixel, point) in zip(pixels, line.points) {
                canvas.circle(pixel.0, pixel.1, radius: 3, fill: color, tooltip: describe(line, point.x, point.y))
            }
        }
        ChartFrame.drawLegend(
            on: &canvas, entries: series.map { ($0.name, ChartPalette.color($0.colorIndex), $0.dashed) },
            top: top + Self.plotHeight + 58, left: ChartFrame.plotLeft
        )
        return canvas.rendered()
    }
}
