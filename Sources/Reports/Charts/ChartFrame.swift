// SPDX-License-Identifier: Apache-2.0

/// Axes, grid lines and legends shared by every chart.
enum ChartFrame {
    // Every chart has the same width and plot area margins, so they line up in the report.
    static let width = 760.0
    static let plotLeft = 80.0
    static let plotTop = 40.0
    static let plotWidth = 640.0

    static func drawAxes(on canvas: inout SVGCanvas, x: ChartAxis, y: ChartAxis, left: Double, top: Double,
                         width: Double, height: Double) {
        for tick in y.ticks {
            let pixel = top + (1 - y.fraction(tick.value)) * height
            canvas.line(left, pixel, left + width, pixel, stroke: ChartPalette.grid)
            canvas.text(left - 6, pixel + 4, tick.label, anchor: .end)
        }
        for tick in x.ticks {
            let pixel = left + x.fraction(tick.value) * width
            canvas.line(pixel, top, pixel, top + height, stroke: ChartPalette.grid)
            canvas.text(pixel, top + height + 16, tick.label, anchor: .middle)
        }
        drawFrame(on: &canvas, xTitle: x.title, yTitle: y.title, left: left, top: top, width: width, height: height,
                  titleGap: 36)
    }

    static func drawFrame(on canvas: inout SVGCanvas, xTitle: String, yTitle: String, left: Double, top: Double,
                          width: Double, height: Double, titleGap: Double) {
        canvas.line(left, top + height, left + width, top + height, stroke: ChartPalette.axis)
        canvas.line(left, top, left, top + height, stroke: ChartPalette.axis)
        canvas.text(left + width / 2, top + height + titleGap, xTitle, anchor: .middle, bold: true)
        canvas.text(18, top + height / 2, yTitle, anchor: .middle, bold: true, rotated: true)
    }

    /// Legend entries three to a row.
    static func drawLegend(on canvas: inout SVGCanvas, entries: [(name: String, color: String, dashed: Bool)],
                           top: Double, left: Double) {
        for (index, entry) in entries.enumerated() {
            let x = left + Double(index % 3) * 220
            let y = top + Double(index / 3) * 18
            canvas.line(x, y - 4, x + 24, y - 4, stroke: entry.color, width: 3, dashed: entry.dashed)
            canvas.text(x + 30, y, entry.name)
        }
    }
}
