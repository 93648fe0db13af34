//! The content-stream interpreter: graphics state (`q`/`Q`/`cm`), the text
//! state machine (`BT`…`ET`, `Tf`, `Tc`, `Tw`, `Tz`, `TL`, `Ts`, `Tr`,
//! `Td`/`TD`/`Tm`/`T*`, `Tj`/`TJ`/`'`/`"`), Form XObjects (`Do`) and path
//! construction and painting for ruling lines and filled rectangles.
//!
//! All coordinates produced here are in *device space*: the initial CTM
//! already maps PDF user space to the top-left-origin, `/Rotate`d page, the
//! way poppler's text output does.

use std::collections::HashMap;
use std::rc::Rc;

use kommunetall_model::BBox;
use lopdf::content::Content;
use lopdf::{Dictionary, Document as LoDocument, Object, ObjectId};

use crate::error::PdfError;
use crate::fonts::Font;
use crate::limits::Limits;
use crate::objects::{
    Matrix, StreamError, deref, get_array, get_dict, get_name, num, num_array, stream_bytes,
};

/// Filled rectangles at most this thick (points) are rules, not fills.
const RULE_MAX_THICKNESS: f64 = 2.0;
/// Tolerance for "axis-aligned" in device space (points).
const AXIS_EPS: f64 = 0.01;
/// Graphics state stack depth limit (`q` nesting).
const MAX_GSTATE_DEPTH: usize = 1024;
/// Path points kept per path before further points are ignored.
const MAX_PATH_POINTS: usize = 1_000_000;

/// One shown glyph, in device space.
#[derive(Debug, Clone)]
pub(crate) struct Glyph {
    /// Unicode text (may be empty or several characters).
    pub text: String,
    /// Origin (baseline start, including rise).
    pub x: f64,
    /// Origin y.
    pub y: f64,
    /// Advance without character and word spacing.
    pub dx: f64,
    /// Advance y.
    pub dy: f64,
    /// Font size after text and graphics matrices, as cached at the last
    /// font or text matrix change (poppler's behaviour).
    pub font_size: f64,
    /// The font active at that change.
    pub font: Rc<Font>,
    /// Text direction: 0 = left to right, 1 = top to bottom, 2 = right to
    /// left (upside down), 3 = bottom to top.
    pub rot: u8,
}

/// What the interpreter collected for a page.
#[derive(Debug, Default)]
pub(crate) struct Output {
    pub glyphs: Vec<Glyph>,
    pub rules: Vec<BBox>,
    pub fills: Vec<BBox>,
}

/// Graphics state (the parts we need).
#[derive(Clone)]
struct GState {
    ctm: Matrix,
    font: Option<Rc<Font>>,
    font_size: f64,
    char_space: f64,
    word_space: f64,
    hscale: f64,
    leading: f64,
    rise: f64,
    render: i64,
    line_width: f64,
}

impl GState {
    fn new(ctm: Matrix) -> GState {
        GState {
            ctm,
            font: None,
            font_size: 0.0,
            char_space: 0.0,
            word_space: 0.0,
            hscale: 1.0,
            leading: 0.0,
            rise: 0.0,
            render: 0,
            line_width: 1.0,
        }
    }
}

/// A subpath: points, whether each segment is a curve, closed flag.
#[derive(Default, Clone)]
struct Subpath {
    pts: Vec<(f64, f64)>,
    curve: Vec<bool>,
    closed: bool,
}

/// The interpreter for one page.
pub(crate) struct Interpreter<'a> {
    doc: &'a LoDocument,
    limits: &'a Limits,
    ops: u64,
    fonts: HashMap<ObjectId, Option<Rc<Font>>>,
    out: Output,
    xobject_stack: Vec<ObjectId>,
    /// poppler's cached font and size for the text output device.
    cur_font: Option<Rc<Font>>,
    cur_font_size: f64,
    font_changed: bool,
    path: Vec<Subpath>,
    path_points: usize,
}

/// Reads numeric operands; `None` if too few or not numbers.
fn nums<const N: usize>(ops: &[Object]) -> Option<[f64; N]> {
    if ops.len() < N {
        return None;
    }
    let mut out = [0.0; N];
    for (slot, o) in out.iter_mut().zip(&ops[ops.len() - N..]) {
        *slot = num(o)?;
    }
    Some(out)
}

impl<'a> Interpreter<'a> {
    /// A fresh interpreter.
    pub(crate) fn new(doc: &'a LoDocument, limits: &'a Limits) -> Interpreter<'a> {
        Interpreter {
            doc,
            limits,
            ops: 0,
            fonts: HashMap::new(),
            out: Output::default(),
            xobject_stack: Vec::new(),
            cur_font: None,
            cur_font_size: 0.0,
            font_changed: true,
            path: Vec::new(),
            path_points: 0,
        }
    }

    /// The collected output.
    pub(crate) fn finish(self) -> Output {
        self.out
    }

    /// Runs a content stream with the given resources and initial CTM.
    pub(crate) fn run_page(
        &mut self,
        content: &[u8],
        resources: Option<&'a Dictionary>,
        ctm: Matrix,
    ) -> Result<(), PdfError> {
        self.run(content, resources, GState::new(ctm), 0)
    }

    fn limit_err(what: &str, limit: u64) -> PdfError {
        PdfError::LimitExceeded {
            what: what.to_string(),
            limit,
        }
    }

    fn run(
        &mut self,
        content: &[u8],
        resources: Option<&'a Dictionary>,
        initial: GState,
        depth: usize,
    ) -> Result<(), PdfError> {
        let mut gs = initial;
        let mut stack: Vec<GState> = Vec::new();
        let mut tm = Matrix::IDENTITY;
        let mut tlm = Matrix::IDENTITY;

        for op in Content::decode_iter(content) {
            let op = match op {
                Ok(op) => op,
                Err(e) => {
                    tracing::warn!("content stream syntax error, rest of stream ignored: {e}");
                    break;
                }
            };
            self.ops += 1;
            if self.ops > self.limits.max_operators {
                return Err(Self::limit_err(
                    "content operators per page",
                    self.limits.max_operators,
                ));
            }
            let args = op.operands.as_slice();
            match op.operator.as_str() {
                // Graphics state.
                "q" if stack.len() < MAX_GSTATE_DEPTH => stack.push(gs.clone()),
                "Q" => {
                    if let Some(prev) = stack.pop() {
                        gs = prev;
                    }
                }
                "cm" => {
                    if let Some(m) = nums::<6>(args).and_then(|v| Matrix::from_slice(&v)) {
                        let next = m.then(&gs.ctm);
                        if next.is_finite() {
                            gs.ctm = next;
                        }
                    }
                }
                "w" => {
                    if let Some([w]) = nums::<1>(args) {
                        gs.line_width = w.abs();
                    }
                }
                // Text objects and state.
                "BT" => {
                    tm = Matrix::IDENTITY;
                    tlm = Matrix::IDENTITY;
                    self.font_changed = true;
                }
                "ET" => {}
                "Tf" => {
                    if let (Some(Object::Name(name)), Some(size)) =
                        (args.first(), args.get(1).and_then(num))
                    {
                        gs.font = self.font(resources, name)?;
                        gs.font_size = size;
                        self.font_changed = true;
                    }
                }
                "Tc" => {
                    if let Some([v]) = nums::<1>(args) {
                        gs.char_space = v;
                    }
                }
                "Tw" => {
                    if let Some([v]) = nums::<1>(args) {
                        gs.word_space = v;
                    }
                }
                "Tz" => {
                    if let Some([v]) = nums::<1>(args) {
                        gs.hscale = v / 100.0;
                    }
                }
                "TL" => {
                    if let Some([v]) = nums::<1>(args) {
                        gs.leading = v;
                    }
                }
                "Ts" => {
                    if let Some([v]) = nums::<1>(args) {
                        gs.rise = v;
                    }
                }
                "Tr" => {
                    if let Some([v]) = nums::<1>(args) {
                        gs.render = v as i64;
                    }
                }
                "Td" => {
                    if let Some([x, y]) = nums::<2>(args) {
                        tlm = Matrix::translate(x, y).then(&tlm);
                        tm = tlm;
                    }
                }
                "TD" => {
                    if let Some([x, y]) = nums::<2>(args) {
                        gs.leading = -y;
                        tlm = Matrix::translate(x, y).then(&tlm);
                        tm = tlm;
                    }
                }
                "Tm" => {
                    if let Some(m) = nums::<6>(args).and_then(|v| Matrix::from_slice(&v))
                        && m.is_finite()
                    {
                        tlm = m;
                        tm = m;
                        self.font_changed = true;
                    }
                }
                "T*" => {
                    tlm = Matrix::translate(0.0, -gs.leading).then(&tlm);
                    tm = tlm;
                }
                "Tj" => {
                    if let Some(s) = args.first().and_then(|o| o.as_str().ok()) {
                        self.show(&gs, &mut tm, s);
                    }
                }
                "'" => {
                    tlm = Matrix::translate(0.0, -gs.leading).then(&tlm);
                    tm = tlm;
                    if let Some(s) = args.first().and_then(|o| o.as_str().ok()) {
                        self.show(&gs, &mut tm, s);
                    }
                }
                "\"" => {
                    if let (Some(aw), Some(ac)) =
                        (args.first().and_then(num), args.get(1).and_then(num))
                    {
                        gs.word_space = aw;
                        gs.char_space = ac;
                    }
                    tlm = Matrix::translate(0.0, -gs.leading).then(&tlm);
                    tm = tlm;
                    if let Some(s) = args.get(2).and_then(|o| o.as_str().ok()) {
                        self.show(&gs, &mut tm, s);
                    }
                }
                "TJ" => {
                    if let Some(Object::Array(items)) = args.first() {
                        for item in items {
                            match item {
                                Object::String(s, _) => self.show(&gs, &mut tm, s),
                                other => {
                                    if let Some(n) = num(other) {
                                        let tx = -n * 0.001 * gs.font_size * gs.hscale;
                                        tm = Matrix::translate(tx, 0.0).then(&tm);
                                    }
                                }
                            }
                        }
                    }
                }
                // XObjects.
                "Do" => {
                    if let Some(Object::Name(name)) = args.first() {
                        self.do_xobject(resources, name, &gs, depth)?;
                    }
                }
                // Path construction.
                "m" => {
                    if let Some([x, y]) = nums::<2>(args) {
                        let p = gs.ctm.apply(x, y);
                        self.path.push(Subpath {
                            pts: vec![p],
                            ..Subpath::default()
                        });
                        self.path_points += 1;
                    }
                }
                "l" => {
                    if let Some([x, y]) = nums::<2>(args) {
                        self.line_to(gs.ctm.apply(x, y), false);
                    }
                }
                "c" => {
                    if let Some([_, _, _, _, x, y]) = nums::<6>(args) {
                        self.line_to(gs.ctm.apply(x, y), true);
                    }
                }
                "v" | "y" => {
                    if let Some([_, _, x, y]) = nums::<4>(args) {
                        self.line_to(gs.ctm.apply(x, y), true);
                    }
                }
                "h" => self.close_path(),
                "re" => {
                    if let Some([x, y, w, h]) = nums::<4>(args) {
                        let pts = vec![
                            gs.ctm.apply(x, y),
                            gs.ctm.apply(x + w, y),
                            gs.ctm.apply(x + w, y + h),
                            gs.ctm.apply(x, y + h),
                        ];
                        self.path_points += 4;
                        if self.path_points <= MAX_PATH_POINTS {
                            self.path.push(Subpath {
                                pts,
                                curve: vec![false; 3],
                                closed: true,
                            });
                            // `re` leaves the current point at (x, y).
                            self.path.push(Subpath {
                                pts: vec![gs.ctm.apply(x, y)],
                                ..Subpath::default()
                            });
                        }
                    }
                }
                // Clipping: `W n` paints nothing, and a clip path that is
                // also painted is handled by the painting operator.
                "W" | "W*" => {}
                // Path painting.
                "S" => self.paint(&gs, true, false),
                "s" => {
                    self.close_path();
                    self.paint(&gs, true, false);
                }
                "f" | "F" | "f*" => self.paint(&gs, false, true),
                "B" | "B*" => self.paint(&gs, true, true),
                "b" | "b*" => {
                    self.close_path();
                    self.paint(&gs, true, true);
                }
                "n" => {
                    self.path.clear();
                    self.path_points = 0;
                }
                _ => {}
            }
        }
        Ok(())
    }

    /// Loads (or reuses) the font resource `name`; `None` when it is missing
    /// or not a dictionary (text in it is then not shown, like poppler).
    fn font(
        &mut self,
        resources: Option<&'a Dictionary>,
        name: &[u8],
    ) -> Result<Option<Rc<Font>>, PdfError> {
        let doc = self.doc;
        let entry = resources
            .and_then(|r| get_dict(doc, r, b"Font"))
            .and_then(|fonts| fonts.get(name).ok());
        let Some(entry) = entry else {
            tracing::debug!("font {} not in resources", String::from_utf8_lossy(name));
            return Ok(None);
        };
        let id = entry.as_reference().ok();
        if let Some(id) = id
            && let Some(f) = self.fonts.get(&id)
        {
            return Ok(f.clone());
        }
        let font = match deref(doc, entry) {
            Some(Object::Dictionary(d)) => match Font::load(doc, d, self.limits.max_stream_bytes) {
                Ok(f) => Some(Rc::new(f)),
                Err(_) => {
                    return Err(Self::limit_err(
                        "decompressed stream size in bytes",
                        self.limits.max_stream_bytes as u64,
                    ));
                }
            },
            _ => None,
        };
        if let Some(id) = id {
            self.fonts.insert(id, font.clone());
        }
        Ok(font)
    }

    /// Shows a string: emits glyphs and advances the text matrix.
    fn show(&mut self, gs: &GState, tm: &mut Matrix, bytes: &[u8]) {
        let Some(font) = gs.font.clone() else {
            return;
        };
        if self.font_changed {
            let (x, y) = gs
                .ctm
                .apply_delta(tm.0[2] * gs.font_size, tm.0[3] * gs.font_size);
            self.cur_font_size = (x * x + y * y).sqrt();
            self.cur_font = Some(font.clone());
            self.font_changed = false;
        }
        let cur_font = self.cur_font.clone().unwrap_or_else(|| font.clone());
        // Invisible text (render modes 3 and 7) is read too: it is the text
        // layer of scanned, OCR-ed pages, as pdftotext reads it.
        for ch in font.decode(bytes) {
            let spacing = gs.char_space
                + if ch.code == 0x20 && ch.len == 1 {
                    gs.word_space
                } else {
                    0.0
                };
            let advance = (ch.width * gs.font_size + spacing) * gs.hscale;
            let trm = tm.then(&gs.ctm);
            let (x, y) = trm.apply(0.0, gs.rise);
            // poppler subtracts char spacing (and word spacing for code 0x20).
            let sp = gs.char_space + if ch.code == 0x20 { gs.word_space } else { 0.0 };
            let (dx, dy) = trm.apply_delta(advance - sp * gs.hscale, 0.0);
            let m = trm.0;
            let (m0, m1, m2, m3) = (m[0], m[1], m[2], m[3]);
            let rot = if (m0 * m3).abs() > (m1 * m2).abs() {
                if m0 > 0.0 || m3 < 0.0 { 0 } else { 2 }
            } else if m2 > 0.0 {
                1
            } else {
                3
            };
            if x.is_finite() && y.is_finite() && dx.is_finite() && dy.is_finite() {
                self.out.glyphs.push(Glyph {
                    text: ch.text,
                    x,
                    y,
                    dx,
                    dy,
                    font_size: self.cur_font_size,
                    font: cur_font.clone(),
                    rot,
                });
            }
            let next = Matrix::translate(advance, 0.0).then(tm);
            if next.is_finite() {
                *tm = next;
            }
        }
    }

    fn do_xobject(
        &mut self,
        resources: Option<&'a Dictionary>,
        name: &[u8],
        gs: &GState,
        depth: usize,
    ) -> Result<(), PdfError> {
        let doc = self.doc;
        let Some(entry) = resources
            .and_then(|r| get_dict(doc, r, b"XObject"))
            .and_then(|x| x.get(name).ok())
        else {
            return Ok(());
        };
        let Ok(id) = entry.as_reference() else {
            return Ok(());
        };
        let Some(Object::Stream(stream)) = deref(doc, entry) else {
            return Ok(());
        };
        if get_name(doc, &stream.dict, b"Subtype") != Some(b"Form") {
            return Ok(());
        }
        if self.xobject_stack.contains(&id) {
            tracing::warn!("cyclic Form XObject {id:?} skipped");
            return Ok(());
        }
        if depth + 1 > self.limits.max_xobject_depth {
            return Err(Self::limit_err(
                "Form XObject nesting depth",
                self.limits.max_xobject_depth as u64,
            ));
        }
        let data = match stream_bytes(stream, self.limits.max_stream_bytes) {
            Ok(d) => d,
            Err(StreamError::TooBig) => {
                return Err(Self::limit_err(
                    "decompressed stream size in bytes",
                    self.limits.max_stream_bytes as u64,
                ));
            }
            Err(StreamError::Broken(e)) => {
                tracing::warn!("Form XObject {id:?} could not be decoded: {e}");
                return Ok(());
            }
        };
        let matrix = get_array(doc, &stream.dict, b"Matrix")
            .and_then(|a| num_array(doc, a))
            .and_then(|v| Matrix::from_slice(&v))
            .filter(Matrix::is_finite)
            .unwrap_or(Matrix::IDENTITY);
        let form_resources = get_dict(doc, &stream.dict, b"Resources").or(resources);
        let mut inner = gs.clone();
        inner.ctm = matrix.then(&gs.ctm);
        // A form is painted with its own path; the caller's path is not affected.
        let saved_path = std::mem::take(&mut self.path);
        let saved_points = std::mem::replace(&mut self.path_points, 0);
        self.xobject_stack.push(id);
        let result = self.run(&data, form_resources, inner, depth + 1);
        self.xobject_stack.pop();
        self.path = saved_path;
        self.path_points = saved_points;
        // poppler keeps its cached text font across forms; a form's Tf/Tm
        // marks it changed, which we keep as well.
        result
    }

    fn line_to(&mut self, p: (f64, f64), curve: bool) {
        self.path_points += 1;
        if self.path_points > MAX_PATH_POINTS {
            return;
        }
        match self.path.last_mut() {
            Some(sp) if !sp.closed => {
                sp.pts.push(p);
                sp.curve.push(curve);
            }
            Some(sp) => {
                // After `h` a new subpath starts at the closed subpath's start.
                let start = sp.pts.first().copied().unwrap_or(p);
                self.path.push(Subpath {
                    pts: vec![start, p],
                    curve: vec![curve],
                    closed: false,
                });
            }
            None => {
                // No current point: treat as a move.
                self.path.push(Subpath {
                    pts: vec![p],
                    ..Subpath::default()
                });
            }
        }
    }

    fn close_path(&mut self) {
        if let Some(sp) = self.path.last_mut() {
            sp.closed = true;
        }
    }

    /// Paints (and clears) the current path.
    fn paint(&mut self, gs: &GState, stroke: bool, fill: bool) {
        let path = std::mem::take(&mut self.path);
        self.path_points = 0;
        if stroke {
            let [a, b, c, d, _, _] = gs.ctm.0;
            let scale = (a * d - b * c).abs().sqrt();
            let half = gs.line_width * scale / 2.0;
            for sp in &path {
                let n = sp.pts.len();
                let mut segs: Vec<((f64, f64), (f64, f64))> = Vec::new();
                for i in 1..n {
                    if !sp.curve.get(i - 1).copied().unwrap_or(false) {
                        segs.push((sp.pts[i - 1], sp.pts[i]));
                    }
                }
                if sp.closed && n > 2 {
                    segs.push((sp.pts[n - 1], sp.pts[0]));
                }
                for (p, q) in segs {
                    let (x0, x1) = (p.0.min(q.0), p.0.max(q.0));
                    let (y0, y1) = (p.1.min(q.1), p.1.max(q.1));
                    if x1 - x0 <= AXIS_EPS && y1 - y0 > AXIS_EPS {
                        let x = (x0 + x1) / 2.0;
                        self.out.rules.push(BBox {
                            x0: x - half,
                            y0,
                            x1: x + half,
                            y1,
                        });
                    } else if y1 - y0 <= AXIS_EPS && x1 - x0 > AXIS_EPS {
                        let y = (y0 + y1) / 2.0;
                        self.out.rules.push(BBox {
                            x0,
                            y0: y - half,
                            x1,
                            y1: y + half,
                        });
                    }
                }
            }
        }
        if fill {
            for sp in &path {
                if let Some(r) = rectangle(sp) {
                    let thin = r.width().min(r.height());
                    if r.width().max(r.height()) <= AXIS_EPS {
                        continue;
                    }
                    if thin <= RULE_MAX_THICKNESS {
                        self.out.rules.push(r);
                    } else {
                        self.out.fills.push(r);
                    }
                }
            }
        }
    }
}

/// The box of a subpath that is an axis-aligned rectangle (no curves).
fn rectangle(sp: &Subpath) -> Option<BBox> {
    if sp.curve.iter().any(|c| *c) {
        return None;
    }
    let mut pts: Vec<(f64, f64)> = sp.pts.clone();
    if pts.len() == 5 {
        let (f, l) = (pts[0], pts[4]);
        if (f.0 - l.0).abs() <= AXIS_EPS && (f.1 - l.1).abs() <= AXIS_EPS {
            pts.pop();
        }
    }
    if pts.len() != 4 {
        return None;
    }
    for i in 0..4 {
        let (p, q) = (pts[i], pts[(i + 1) % 4]);
        if (p.0 - q.0).abs() > AXIS_EPS && (p.1 - q.1).abs() > AXIS_EPS {
            return None;
        }
    }
    let x0 = pts.iter().map(|p| p.0).fold(f64::INFINITY, f64::min);
    let x1 = pts.iter().map(|p| p.0).fold(f64::NEG_INFINITY, f64::max);
    let y0 = pts.iter().map(|p| p.1).fold(f64::INFINITY, f64::min);
    let y1 = pts.iter().map(|p| p.1).fold(f64::NEG_INFINITY, f64::max);
    Some(BBox { x0, y0, x1, y1 })
}
