// SPDX-License-Identifier: Apache-2.0

/// Bars grouped by category (object size), one bar per member (architecture),
/// each bar stacked from segments (hops) that share colours across bars.
struct StackedBarChart {
    struct Bar {
        /// `proxy/stream`: drawn as two lines under the bar, architecture over variant, so that
        /// two proxy modes (or a proxy and a presigned multipart) are told apart.
        var label: String
        /// One value per segment, in `segments` order.
        var values: [Double]
    }

    struct Group {
        var label: String
        var bars: [Bar]
    }

    var title: String
    var yTitle: String
    var xTitle: String
    var segments: [String]
    var groups: [Group]

    static let plotHeight = 280.0

    func svg() -> String {
        let totals = groups.flatMap(\.bars).map { $0.values.reduce(0, +) }
        let yAxis = ChartAxis(title: yTitle, values: totals + [0], logarithmic: false, startAtZero: true)
        let legendRows = (segments.count + 2) / 3
        var canvas = SVGCanvas(width: ChartFrame.width, height: ChartFrame.plotTop + Self.plotHeight + 98 + Double(legendRows) * 18,
                               title: title)
        canvas.text(ChartFrame.plotLeft, 24, title, size: 15, bold: true)
        for tick in yAxis.ticks {
            let pixel = ChartFrame.plotTop + (1 - yAxis.fraction(tick.value)) * Self.plotHeight
            canvas.line(ChartFrame.plotLeft, pixel, ChartFrame.plotLeft + ChartFrame.plotWidth, pixel, stroke: ChartPalette.grid)
            canvas.text(ChartFrame.plotLeft - 6, pixel + 4, tick.label, anchor: .end)
        }
        let groupWidth = ChartFrame.plotWidth / Double(max(1, groups.count))
        for (groupIndex, group) in groups.enumerated() {
            let barWidth = min(60, groupWidth * 0.8 / Double(max(1, group.bars.count)))
            let start = ChartFrame.plotLeft + Double(groupIndex) * groupWidth
                + (groupWidth - barWidth * Double(group.bars.count)) / 2
            for (barIndex, bar) in group.bars.enumerated() {
                drawBar(bar, on: &canvas, x: start + Double(barIndex) * barWidth, width: barWidth * 0.9, axis: yAxis)
                let lines = bar.label.split(separator: "/", maxSplits: 1).map(String.init)
                for (lineIndex, line) in lines.enumerated() {
                    canvas.text(start + (Double(barIndex) + 0.45) * barWidth,
                                ChartFrame.plotTop + Self.plotHeight + 14 + Double(lineIndex) * 11, line, anchor: .middle, size: 10)
                }
            }
            canvas.text(start + barWidth * Double(group.bars.count) / 2, ChartFrame.plotTop + Self.plotHeight + 42,
                        group.label, anchor: .middle)
        }
        ChartFrame.drawFrame(on: &canvas, xTitle: xTitle, yTitle: yTitle, left: ChartFrame.plotLeft, top: ChartFrame.plotTop,
                             width: ChartFrame.plotWidth, height: Self.plotHeight, titleGap: 64)
        ChartFrame.drawLegend(
            on: &canvas, entries: segments.enumerated().map { ($0.element, ChartPalette.color($0.offset), false) },
            top: ChartFrame.plotTop + Self.plotHeight + 86, left: ChartFrame.plotLeft
        )
        return canvas.rendered()
    }

    private func drawBar(_ bar: Bar, on canvas: inout SVGCanvas, x: Double, width: Double, axis: ChartAxis) {
        var base = 0.0
        for (index, value) in bar.values.enumerated() where value > 0 {
            let bottom = ChartFrame.plotTop + (1 - axis.fraction(base)) * Self.plotHeight
            let top = ChartFrame.plotTop + (1 - axis.fraction(base + value)) * Self.plotHeight
            canvas.rect(x, top, width, bottom - top, fill: ChartPalette.color(index),
                        tooltip: "\(bar.label) \(segments[index]): \(NumberFormat.short(value))")
            base += value
        }
    }
}
