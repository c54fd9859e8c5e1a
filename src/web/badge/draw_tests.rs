//! Tests of the badge drawing.

use super::*;

/// WCAG 2 contrast ratio of white text on `#rrggbb`.
fn contrast_with_white(hex: &str) -> f64 {
    let channel = |i: usize| {
        let v = f64::from(u8::from_str_radix(&hex[i..i + 2], 16).unwrap()) / 255.0;
        if v <= 0.040_45 {
            v / 12.92
        } else {
            ((v + 0.055) / 1.055).powf(2.4)
        }
    };
    let l = 0.2126 * channel(1) + 0.7152 * channel(3) + 0.0722 * channel(5);
    1.05 / (l + 0.05)
}

/// The number in `attr="…"` the first time it appears.
fn attr(svg: &str, attr: &str) -> u32 {
    let start = svg.find(&format!(" {attr}=\"")).unwrap() + attr.len() + 3;
    let end = start + svg[start..].find('"').unwrap();
    svg[start..end].parse().unwrap()
}

#[test]
fn each_gate_has_its_colour_and_words() {
    let go = Badge::gate(Decision::Go, 2, "Silver");
    assert_eq!(
        (go.message.as_str(), go.colour),
        ("GO · L2 Silver", GO_COLOUR)
    );
    let cond = Badge::gate(Decision::GoWithConditions, 1, "Bronze");
    assert_eq!(cond.message, "GO with conditions · L1 Bronze");
    assert_eq!(cond.colour, CONDITIONS_COLOUR);
    let nogo = Badge::gate(Decision::NoGo, 0, "None");
    assert_eq!(
        (nogo.message.as_str(), nogo.colour),
        ("NO-GO · L0", NO_GO_COLOUR)
    );
    assert_eq!(Badge::gate(Decision::Go, 3, " ").message, "GO · L3");
    assert_eq!(Badge::unknown().colour, GREY_COLOUR);
    assert_eq!(Badge::unknown().label, "readiness");
    let svg = render(&nogo);
    assert!(svg.contains(&format!("fill=\"{NO_GO_COLOUR}\"")), "{svg}");
    assert!(svg.contains(&format!("fill=\"{LABEL_COLOUR}\"")), "{svg}");
}

#[test]
fn an_override_is_named_on_red() {
    let over = Badge::approved_over_no_go(1, "Bronze");
    assert_eq!(over.message, "approved over NO-GO · L1 Bronze");
    assert_eq!(over.colour, NO_GO_COLOUR);
    assert_eq!(
        Badge::approved_over_no_go(0, "None").message,
        "approved over NO-GO · L0"
    );
}

#[test]
fn white_text_is_readable_on_every_colour() {
    for c in [
        LABEL_COLOUR,
        GO_COLOUR,
        CONDITIONS_COLOUR,
        NO_GO_COLOUR,
        GREY_COLOUR,
    ] {
        let ratio = contrast_with_white(c);
        assert!(ratio >= 4.5, "{c}: {ratio:.2}");
    }
}

#[test]
fn every_inserted_text_is_escaped() {
    let b = Badge::gate(Decision::Go, 2, "<script>alert('x')</script> & \"q\"\u{7}");
    let svg = render(&b);
    assert!(!svg.contains("<script"), "{svg}");
    assert!(!svg.contains('\u{7}'));
    assert!(svg.contains("&lt;script&gt;alert(&apos;x&apos;)&lt;/script&gt; &amp; &quot;q&quot;"));
    // The title, the aria-label and both texts (and shadows) carry it escaped.
    assert_eq!(svg.matches("&lt;script&gt;").count(), 4, "{svg}");
    assert_eq!(escape("a\u{0}b\u{ffff}c\td"), "abcd");
}

#[test]
fn widths_grow_with_the_text() {
    assert!(text_width("GO · L2 Silver") > text_width("GO · L2"));
    assert!(text_width("W") > text_width("i"));
    assert!(text_width("漢字") > text_width("ab"));
    let short = render(&Badge::gate(Decision::Go, 1, "A"));
    let long = render(&Badge::gate(Decision::Go, 1, "A much longer level name"));
    assert!(attr(&long, "width") > attr(&short, "width"));
    // The label half is the same on both.
    let label_half = |svg: &str| {
        let at = svg.find("<g clip-path").unwrap();
        attr(&svg[at..], "width")
    };
    assert_eq!(label_half(&short), label_half(&long));
    // "readiness" in Verdana 11px is about 53px wide; with padding, 63.
    assert_eq!(label_half(&short), 63);
}

#[test]
fn the_badge_is_one_svg_of_the_summed_width() {
    let svg = render(&Badge::gate(Decision::GoWithConditions, 1, "Bronze"));
    assert!(svg.starts_with("<svg xmlns=\"http://www.w3.org/2000/svg\""));
    assert!(svg.ends_with("</svg>"));
    assert!(svg.contains("<title>readiness: GO with conditions · L1 Bronze</title>"));
    let w = attr(&svg, "width");
    let message_x = {
        let at = svg.find(" x=\"").unwrap();
        attr(&svg[at..], "x")
    };
    assert_eq!(
        message_x, 63,
        "the message half starts where the label ends"
    );
    assert!(w > 63 + 2 * PADDING);
}

#[test]
fn long_messages_are_cut() {
    let b = Badge::gate(Decision::Go, 9, &"x".repeat(200));
    let svg = render(&b);
    assert!(svg.contains('…'));
    assert!(attr(&svg, "width") < 400, "{svg}");
}
