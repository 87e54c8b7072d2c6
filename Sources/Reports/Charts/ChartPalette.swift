// SPDX-License-Identifier: Apache-2.0

/// Colours that stay distinct for colour-blind readers (Okabe and Ito's palette).
enum ChartPalette {
    static let colors = ["#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#F0E442", "#000000"]

    static func color(_ index: Int) -> String {
        colors[index % colors.count]
    }

    static let grid = "#dddddd"
    static let axis = "#444444"
}
