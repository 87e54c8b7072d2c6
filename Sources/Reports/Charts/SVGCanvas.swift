// SPDX-License-Identifier: Apache-2.0

import Digest
import Foundation

/// A hand-written SVG document: a few primitives, escaped text, and a white
/// background so charts read the same in GitHub's light and dark themes.
struct SVGCanvas {
    let width: Double
    let height: Double
    private var body: [String] = []

    init(width: Double, height: Double, title: String) {
        self.width = width
        self.height = height
        body.append("<title>\(Self.escaped(title))</title>")
        body.append(##"<rect x="0" y="0" width="\##(Self.number(width))" height="\##(Self.number(height))" fill="#ffffff"/>"##)
    }

    /// The finished document.
    func rendered() -> String {
        let open = #"<svg xmlns="http://www.w3.org/2000/svg" width="\#(Self.number(width))" "#
            + #"height="\#(Self.number(height))" viewBox="0 0 \#(Self.number(width)) \#(Self.number(height))" "#
            + ##"font-family="Helvetica, Arial, sans-serif" font-size="12" fill="#222222">"##
        return ([open] + body + ["</svg>"]).joined(separator: "\n") + "\n"
    }

    mutating func line(_ x1: Double, _ y1: Double, _ x2: Double, _ y2: Double, stroke: String, width: Double = 1,
                       dashed: Bool = false) {
        let dash = dashed ? #" stroke-dasharray="6 4""# : ""
        body.append(#"<line x1="\#(Self.number(x1))" y1="\#(Self.number(y1))" x2="\#(Self.number(x2))" "#
            + #"y2="\#(Self.number(y2))" stroke="\#(stroke)" stroke-width="\#(Self.number(width))"\#(dash)/>"#)
    }

    mutating func rect(_ x: Double, _ y: Double, _ width: Double, _ height: Double, fill: String, tooltip: String? = nil) {
        let element = #"<rect x="\#(Self.number(x))" y="\#(Self.number(y))" width="\#(Self.number(max(0, width)))" "#
            + #"height="\#(Self.number(max(0, height)))" fill="\#(fill)""#
        if let tooltip {
            body.append(element + "><title>\(Self.escaped(tooltip))</title></rect>")
        } else {
            body.append(element + "/>")
        }
    }

    mutating func polyline(_ points: [(Double, Double)], stroke: String, dashed: Bool = false) {
        let list = points.map { "\(Self.number($0.0)),\(Self.number($0.1))" }.joined(separator: " ")
        let dash = dashed ? #" stroke-dasharray="6 4""# : ""
        body.append(#"<polyline points="\#(list)" fill="none" stroke="\#(stroke)" stroke-width="2"\#(dash)/>"#)
    }

    mutating func circle(_ x: Double, _ y: Double, radius: Double, fill: String, tooltip: String) {
        body.append(#"<circle cx="\#(Self.number(x))" cy="\#(Self.number(y))" r="\#(Self.number(radius))" "#
            + #"fill="\#(fill)"><title>\#(Self.escaped(tooltip))</title></circle>"#)
    }

    enum Anchor: String {
        case start, middle, end
    }

    mutating func text(_ x: Double, _ y: Double, _ content: String, anchor: Anchor = .start, size: Double = 12,
                       bold: Bool = false, rotated: Bool = false) {
        var attributes = #"x="\#(Self.number(x))" y="\#(Self.number(y))" text-anchor="\#(anchor.rawValue)""#
        if size != 12 { attributes += #" font-size="\#(Self.number(size))""# }
        if bold { attributes += #" font-weight="bold""# }
        if rotated { attributes += #" transform="rotate(-90 \#(Self.number(x)) \#(Self.number(y)))""# }
        body.append("<text \(attributes)>\(Self.escaped(content))</text>")
    }

    /// Text safe inside an element or attribute.
    static func escaped(_ text: String) -> String {
        Encoding.xmlEscaped(text)
    }

    static func number(_ value: Double) -> String {
        String(format: "%.1f", value.isFinite ? value : 0)
    }
}
