// SPDX-License-Identifier: Apache-2.0

/// A line chart with markers, axis titles with units, grid lines and a legend.
struct LineChart {
    struct Series {
        var name: String
        var points: [(x: Double, y: Double)]
        var colorIndex: Int
        var dashed = false
    }

    var title: String
    var xAxis: ChartAxis
    var yAxis: ChartAxis
    var series: [Series]
    /// Formats a point for its tooltip.
    var describe: (Series, Double, Double) -> String = { series, x, y in
        "\(series.name): \(NumberFormat.short(x)), \(NumberFormat.short(y))"
    }

    static let plotHeight = 300.0

    func svg() -> String {
        let legendRows = (series.count + 2) / 3
        var canvas = SVGCanvas(width: ChartFrame.width, height: ChartFrame.plotTop + Self.plotHeight + 70 + Double(legendRows) * 18,
                               title: title)
        canvas.text(ChartFrame.plotLeft, 24, title, size: 15, bold: true)
        ChartFrame.drawAxes(on: &canvas, x: xAxis, y: yAxis, left: ChartFrame.plotLeft, top: ChartFrame.plotTop,
                            width: ChartFrame.plotWidth, height: Self.plotHeight)
        for line in series where !line.points.isEmpty {
            let color = ChartPalette.color(line.colorIndex)
            let pixels = line.points.map { point in
                (ChartFrame.plotLeft + xAxis.fraction(point.x) * ChartFrame.plotWidth,
                 ChartFrame.plotTop + (1 - yAxis.fraction(point.y)) * Self.plotHeight)
            }
            canvas.polyline(pixels, stroke: color, dashed: line.dashed)
            for (pixel, point) in zip(pixels, line.points) {
                canvas.circle(pixel.0, pixel.1, radius: 3, fill: color, tooltip: describe(line, point.x, point.y))
            }
        }
        ChartFrame.drawLegend(
            on: &canvas, entries: series.map { ($0.name, ChartPalette.color($0.colorIndex), $0.dashed) },
            top: ChartFrame.plotTop + Self.plotHeight + 58, left: ChartFrame.plotLeft
        )
        return canvas.rendered()
    }
}
