//! The lexicon, table by table: every unit phrasing with its unit and factor,
//! every caption form with its id and title, every sum label, item number and
//! year. These tables replace the per-crate unit, caption, sum and year tests:
//! a phrasing the PDF path and the spreadsheet path read differently cannot
//! come back, because neither path has its own reading any more.
//!
//! Sources: `sample` = raw/trondheim/2024 (the PDF and its xlsx appendix);
//! `prop1ls`, `vegrapport`, `vegskjema`, `nav`, `kauhava`, `simrishamn`,
//! `lorenskog`, `grunnlagsdata` = the documents in ../shared/real
//! (NO_FIN_Prop_1_LS.pdf, NO_rapport_forenklet_modell_…, NO_SD_skjema_…,
//! NO_NAV_Hovedtall_…, FI_Kauhava_…, SE_Simrishamn_…, NO_Lorenskog_KOSTRA_…,
//! NO_Grunnlagsdata-inntekt-…), read with `pdftotext -layout` or from the
//! workbook's strings; `issue` = phrasings real reports use that these
//! documents happen not to (issue 13's list).

#![allow(clippy::unwrap_used)] // tests: a failed unwrap is a failed test

use kommunetall_lexicon::{Parsed, Unit, caption, label, unit, year};
use proptest::prelude::*;

use Unit::{
    Antall, Arsverk, Kroner, KronerPerInnbygger, MilliarderKroner, MillionerKroner, Minutter,
    Promille, Prosent, Prosentpoeng, Timer, TusenKroner, Uker,
};

/// Captions and note lines (table level, [`unit::stated`]): text, unit,
/// factor to kroner, source.
const STATED: &[(&str, Option<Unit>, Option<f64>, &str)] = &[
    // The sample.
    (
        "Tabell 1.1 Økonomisk oversikt etter art 2024. Tall i millioner kroner.",
        Some(MillionerKroner),
        Some(1e6),
        "sample",
    ),
    (
        "Tabell 1.2 Regnskap og revidert budsjett 2024 fordelt på tjenesteområdene. Millioner kroner.Positive tall er mindreforbruk, negative tall er merforbruk.",
        Some(MillionerKroner),
        Some(1e6),
        "sample",
    ),
    (
        "Tabell 1.3 Bevilgningsoversikt investering 2024. Beløp i millioner kroner. Positive avvik er mindreforbruk/merinntekter.",
        Some(MillionerKroner),
        Some(1e6),
        "sample",
    ),
    (
        "Tabell 1.8 Garantiansvar 2021-2024, per 31.12. Tall i millioner kroner.",
        Some(MillionerKroner),
        Some(1e6),
        "sample",
    ),
    (
        "Tabell 1.9 Vedtatte, ikke iverksatte garantier, tall i millioner kroner",
        Some(MillionerKroner),
        Some(1e6),
        "sample",
    ),
    (
        "Tabell 7.1 Budsjett og regnskap for kunst og kultur 2024. MIllioner kroner",
        Some(MillionerKroner),
        Some(1e6),
        "sample",
    ),
    (
        "Tabell 9.7 Regnskap og budsjett for psykisk helse og rus 2024 i mill kr",
        Some(MillionerKroner),
        Some(1e6),
        "sample",
    ),
    (
        "Tabell 8.2 Saksbehandlingstid plan- og byggesaksbehandling 2018-2024. Tid i uker. Kilde SSB/KOSTRA",
        Some(Uker),
        None,
        "sample",
    ),
    (
        "Tabell 1.5 Økonomiske nøkkeltall, utvalgte kommuner og ASSS-gjennomsnitt. Kilde: SSB/KOSTRA",
        None,
        None,
        "sample",
    ),
    (
        "Tabell 7.3 Antall kunstnere per 1000 innbyggere bosatt i Trondheim",
        None,
        None,
        "sample",
    ),
    (
        "Tabell 10.4 Antall* ansatte og årsverk 2024 etter virksomhetsområde",
        None,
        None,
        "sample",
    ),
    (
        "Tabell 10.11 Andel antall midlertidig ansatte fordelt pr. kjønn*",
        None,
        None,
        "sample",
    ),
    // Amounts in the sample's prose: no unit.
    (
        "Trondheim kommune hadde et netto driftsresultat på 658 millioner kroner, som tilsvarte 3,2 prosent av",
        None,
        None,
        "sample",
    ),
    (
        "I 2024 hadde Trondheim kommune 20,4 milliarder kroner i driftsinntekter.",
        None,
        None,
        "sample",
    ),
    (
        "For 2024 og 2025 har styringsgruppen for TRD3.0 allokert til sammen 2 MNOK kr til tre satsinger",
        None,
        None,
        "sample",
    ),
    // Prop. 1 LS.
    (
        "Tabell 1.3 Bokførte skatte- og avgiftsinntekter fordelt på kapittel og post. Mill. kroner",
        Some(MillionerKroner),
        Some(1e6),
        "prop1ls",
    ),
    (
        "Tabell 1.2 Anslag på skatteutgifter ved avgiftsreglene i 2024 og 2025. Mill. kroner påløpt",
        Some(MillionerKroner),
        Some(1e6),
        "prop1ls",
    ),
    (
        "Tabell 2.12 Selskap skattlagt med hjemmel i petroleumsskatteloven. Antall og skatter. 2023. Mill. kroner",
        Some(MillionerKroner),
        Some(1e6),
        "prop1ls",
    ),
    (
        "Tabell 1.9 Påløpte skatter og avgifter fordelt på skattekreditorer. Anslag for 2025. Mrd. kroner",
        Some(MilliarderKroner),
        Some(1e9),
        "prop1ls",
    ),
    (
        "Tabell 2.2 Inntekter fra grunnrenteskatter per september 2025. Påløpte størrelser. Mill. løpende kroner",
        Some(MillionerKroner),
        Some(1e6),
        "prop1ls",
    ),
    (
        "Utgifter i mrd. faste kroner",
        Some(MilliarderKroner),
        Some(1e9),
        "issue",
    ),
    (
        "Tabell 1.3 Skatteutgifter for bolig og fritidseiendom. Mrd. kroner",
        Some(MilliarderKroner),
        Some(1e9),
        "prop1ls",
    ),
    (
        "inntekter til staten fra petroleumssektoren (mrd. kroner)",
        Some(MilliarderKroner),
        Some(1e9),
        "prop1ls",
    ),
    (
        "Figur 13.10 viser hvordan omleggingen vil slå og i forslaget. Tusen kroner",
        Some(TusenKroner),
        Some(1e3),
        "prop1ls",
    ),
    (
        "Tabell 2.1 Beregnet skatt for noen utvalgte lønnsinntekter. 2025-regler. Kroner",
        Some(Kroner),
        Some(1.0),
        "prop1ls",
    ),
    (
        "Tabell 13.2 Engangsavgiften på personbiler mv. med forbrenningsmotor (klasse a) etter egenvekt og CO2- utslipp.1 2025. Kroner2",
        Some(Kroner),
        Some(1.0),
        "prop1ls",
    ),
    (
        "Tabell 13.2 Engangsavgiften på personbiler mv. med forbrenningsmotor (klasse a) etter egenvekt og CO 2 - utslipp. 1 2025. Kroner 2",
        Some(Kroner),
        Some(1.0),
        "prop1ls",
    ),
    (
        "Tabell 13.9 Frekvensavgift 2025 og forslag 2026. Kroner per MHz (dupleks)",
        Some(Kroner),
        Some(1.0),
        "prop1ls",
    ),
    (
        "Tabell 3.1 Maksimalskattøren for personlige skattytere i 2025 og forslag for 2026. Prosent.",
        Some(Prosent),
        None,
        "prop1ls",
    ),
    (
        "Tabell 11.1 Avgiftsøkning ved å redusere beløpsgrense til 300 000 kroner",
        None,
        None,
        "prop1ls",
    ),
    ("Avrundet til nærmeste 1 000 kroner.", None, None, "prop1ls"),
    ("Det anslås at 200 mill. kroner", None, None, "prop1ls"),
    (
        "siden 2010 og utgjør nå om lag 17,5 mrd. kroner.",
        None,
        None,
        "prop1ls",
    ),
    (
        "Tabell 19.1 Eiendomsskatt. Omfang, bruk og inntekter. Hele landet. Antall i 2025 der ikke annet er oppgitt",
        None,
        None,
        "prop1ls",
    ),
    // County road report, Excel form, Finnish and Swedish accounts.
    (
        "Tabell 24 Avvik mellom prediksjonen i regresjonsanalyse og MOTIV-tall pr. fylke. Beløp i 1000 kr.",
        Some(TusenKroner),
        Some(1e3),
        "vegrapport",
    ),
    (
        "Beløpene er gitt i 1000 kr.",
        Some(TusenKroner),
        Some(1e3),
        "vegrapport",
    ),
    (
        "har i beregningen en MOTIV verdi på 60,7 mill.kr.,",
        None,
        None,
        "vegrapport",
    ),
    ("1 000 € 1 000 €", None, None, "kauhava"),
    (
        "Museet finansieras till delar av försäljning (1,1 mnkr) och externa",
        None,
        None,
        "simrishamn",
    ),
    // Phrasings of issue 13.
    (
        "Beløp i hele 1 000 kr",
        Some(TusenKroner),
        Some(1e3),
        "issue",
    ),
    (
        "Beløp i 1 000 kroner",
        Some(TusenKroner),
        Some(1e3),
        "issue",
    ),
    (
        "beløp i 1 000 kroner",
        Some(TusenKroner),
        Some(1e3),
        "issue",
    ),
    ("Tall i mill. kr", Some(MillionerKroner), Some(1e6), "issue"),
    ("(i tusen kroner)", Some(TusenKroner), Some(1e3), "issue"),
    ("NOK 1000", Some(TusenKroner), Some(1e3), "issue"),
    ("Beløp i NOK 1 000", Some(TusenKroner), Some(1e3), "issue"),
    ("TNOK", Some(TusenKroner), Some(1e3), "issue"),
    ("Tall i MNOK", Some(MillionerKroner), Some(1e6), "issue"),
    ("mrd. kr", Some(MilliarderKroner), Some(1e9), "issue"),
    (
        "Tabell 3 Investeringer. mrd. kroner",
        Some(MilliarderKroner),
        Some(1e9),
        "issue",
    ),
    ("Beløp i hele kroner", Some(Kroner), Some(1.0), "issue"),
    (
        "Tall i kr per innbygger",
        Some(KronerPerInnbygger),
        Some(1.0),
        "issue",
    ),
    ("Belopp i tkr", Some(TusenKroner), Some(1e3), "issue"),
];

/// Row labels and single header texts ([`unit::in_label`]).
const LABELS: &[(&str, Option<Unit>, Option<f64>, &str)] = &[
    // The sample (PDF and xlsx).
    (
        "Millioner kroner",
        Some(MillionerKroner),
        Some(1e6),
        "sample",
    ),
    (
        "Garantiansvar per 31.12, mill kr",
        Some(MillionerKroner),
        Some(1e6),
        "sample",
    ),
    (
        "Brutto driftsutgifter per barn (f252) som er plassert av barnevernet (millioner kroner)",
        Some(MillionerKroner),
        Some(1e6),
        "sample",
    ),
    (
        "Netto driftsutgifter per innbygger 1-5 år, kr",
        Some(Kroner),
        Some(1.0),
        "sample",
    ),
    (
        "Korrigerte brutto driftsutgifter (f 201) pr oppholdstime, kommunale bhg, kr",
        Some(Kroner),
        Some(1.0),
        "sample",
    ),
    (
        "Netto driftsutgifter grunnskole (f202) per elev (kroner)",
        Some(Kroner),
        Some(1.0),
        "sample",
    ),
    (
        "Netto driftsutgifter til sosialtjenesten(f242/f243/f273/f276/f281) pr innbygger 18-66 år(kroner)",
        Some(Kroner),
        Some(1.0),
        "sample",
    ),
    (
        "Netto driftsutg. til tilbud til personer med rusproblemer pr. innb. 18-66 år (kr)",
        Some(Kroner),
        Some(1.0),
        "sample",
    ),
    (
        "Dekningsgrad 1-2 år, prosent",
        Some(Prosent),
        None,
        "sample",
    ),
    (
        "Elever med direkte overgang fra vg1 til vg2 (prosent)",
        Some(Prosent),
        None,
        "sample",
    ),
    (
        "Andel fornyet kommunalt vannsnett, gjennomsnitt for siste tre år(%)",
        Some(Prosent),
        None,
        "sample",
    ),
    (
        "Medlem av Den norske kirke i prosent av antall innbyggere",
        Some(Prosent),
        None,
        "sample",
    ),
    (
        "Netto driftsutgifter til eiendomsforvaltning i prosent av samlede driftsutgifter",
        Some(Prosent),
        None,
        "sample",
    ),
    ("Gruppestørrelse (antall)", Some(Antall), None, "sample"),
    (
        "Årsverk av psykiatriske sykepleiere per 10 000 innbyggere (helse- og omsorg) (antall)",
        Some(Antall),
        None,
        "sample",
    ),
    (
        "Psykologer i den kommunale helse- og omsorgstjenesten per 10 000 innbyggere (årsverk)*",
        Some(Arsverk),
        None,
        "sample",
    ),
    ("Antall", Some(Antall), None, "sample"),
    ("Årsverk", Some(Arsverk), None, "sample"),
    (
        "Barn per årsverk, kommunale barnehager",
        None,
        None,
        "sample",
    ),
    ("Antall svar", None, None, "sample"),
    ("Andel årsverk", None, None, "sample"),
    ("Gjennomsnittlig stillingsprosent", None, None, "sample"),
    (
        "Saksbehandlingstid byggesaker med 12 ukers frist",
        None,
        None,
        "sample",
    ),
    ("Regnskap 2024", None, None, "sample"),
    ("Avvik regnskap og revidert budsjett", None, None, "sample"),
    // Lørenskog's KOSTRA workbook.
    (
        "Antall barn per årsverk (grunnbemanning) (antall)",
        Some(Antall),
        None,
        "lorenskog",
    ),
    (
        "Arbeidskapital (ekskl. premieavvik) i % av br. driftsinnt. (%)",
        Some(Prosent),
        None,
        "lorenskog",
    ),
    (
        "Fri egenkapital drift i % av br. driftsinnt.",
        Some(Prosent),
        None,
        "lorenskog",
    ),
    (
        "Avtalte legeårsverk per 10 000 innbyggere (årsverk)",
        Some(Arsverk),
        None,
        "lorenskog",
    ),
    (
        "Netto driftsutgifter ytelse til livsopphold (f 281) (1000 kr)",
        Some(TusenKroner),
        Some(1e3),
        "lorenskog",
    ),
    (
        "Samlet stønadssum (bidrag + lån) (1000 kr)",
        Some(TusenKroner),
        Some(1e3),
        "lorenskog",
    ),
    (
        "Brutto investeringsutgifter kultur per innbygger (kr)",
        Some(Kroner),
        Some(1.0),
        "lorenskog",
    ),
    (
        "Legetimer per uke per beboer i sykehjem (timer)",
        Some(Timer),
        None,
        "lorenskog",
    ),
    (
        "Reisetid til kommunesenteret (minutter)",
        Some(Minutter),
        None,
        "lorenskog",
    ),
    (
        "Døde per 1000 innbyggere (per 1000)",
        None,
        None,
        "lorenskog",
    ),
    (
        "Årsverk helse/omsorg per 10 000 innbygger",
        None,
        None,
        "lorenskog",
    ),
    ("kr", Some(Kroner), Some(1.0), "lorenskog"),
    ("årsverk", Some(Arsverk), None, "lorenskog"),
    ("%", Some(Prosent), None, "lorenskog"),
    // Other real documents.
    (
        "Lyspunkt i dagen (antall)",
        Some(Antall),
        None,
        "grunnlagsdata",
    ),
    ("(mill. kjtkm/døgn)", None, None, "grunnlagsdata"),
    (
        "Endring fra referansen (mill.kr.)1",
        Some(MillionerKroner),
        Some(1e6),
        "prop1ls",
    ),
    ("(pst.)", Some(Prosent), None, "prop1ls"),
    (
        "Gjennomsnittlig eiendomsskatt for bolig på 120 kvadratmeter 2024 (kr)",
        Some(Kroner),
        Some(1.0),
        "prop1ls",
    ),
    ("Engangsavgift kroner", Some(Kroner), Some(1.0), "prop1ls"),
    ("Kroner2", Some(Kroner), Some(1.0), "prop1ls"),
    ("Egenvekt kg", None, None, "prop1ls"),
    (
        "Skatt på alminnelig inntekt (22 pst.)",
        None,
        None,
        "prop1ls",
    ),
    ("(1000 kr)", Some(TusenKroner), Some(1e3), "vegrapport"),
    ("(1000kr)", Some(TusenKroner), Some(1e3), "vegrapport"),
    ("(1000 kr/feltkm)", None, None, "vegrapport"),
    ("Differanse(%)", Some(Prosent), None, "vegrapport"),
    ("Prosent av arbeidsstyrken", Some(Prosent), None, "nav"),
    ("Prosent", Some(Prosent), None, "nav"),
    ("Endring fra i fjor", None, None, "nav"),
    (
        "Verksamheter (tkr)",
        Some(TusenKroner),
        Some(1e3),
        "simrishamn",
    ),
    ("1 000 €", None, None, "kauhava"),
    // Phrasings of issue 13.
    (
        "Regnskap 2024 (mill. kr)",
        Some(MillionerKroner),
        Some(1e6),
        "issue",
    ),
    (
        "Netto lånegjeld (mill. kr)",
        Some(MillionerKroner),
        Some(1e6),
        "issue",
    ),
    ("Andel (%)", Some(Prosent), None, "issue"),
    ("Endring i %", Some(Prosent), None, "issue"),
    ("Endring, %-poeng", Some(Prosentpoeng), None, "issue"),
    ("Sykefravær (promille)", Some(Promille), None, "issue"),
    (
        "Saksbehandlingstid (dager)",
        Some(Unit::Dager),
        None,
        "issue",
    ),
    (
        "Investeringer (mrd. kr)",
        Some(MilliarderKroner),
        Some(1e9),
        "issue",
    ),
    (
        "Netto driftsutgifter (i tusen kroner)",
        Some(TusenKroner),
        Some(1e3),
        "issue",
    ),
    (
        "Utgifter (kr per innbygger)",
        Some(KronerPerInnbygger),
        Some(1.0),
        "issue",
    ),
    ("Tilskudd til lag 5 mill. kr", None, None, "issue"),
];

#[test]
fn stated_units_with_their_factor() {
    for &(text, want, factor, source) in STATED {
        let got = unit::stated(text);
        assert_eq!(got, want, "{source}: {text:?}");
        assert_eq!(got.and_then(Unit::nok_factor), factor, "{source}: {text:?}");
    }
}

#[test]
fn label_units_with_their_factor() {
    for &(text, want, factor, source) in LABELS {
        let got = unit::in_label(text);
        assert_eq!(got, want, "{source}: {text:?}");
        assert_eq!(got.and_then(Unit::nok_factor), factor, "{source}: {text:?}");
    }
}

#[test]
fn at_least_forty_phrasings_from_real_documents() {
    let real = STATED
        .iter()
        .chain(LABELS)
        .filter(|(_, _, _, source)| *source != "issue")
        .count();
    assert!(real >= 40, "only {real} phrasings from real documents");
}

#[test]
fn where_a_statement_stands() {
    let s = unit::find("Regnskap og budsjett for psykisk helse og rus i mill kr").unwrap();
    assert_eq!(s.unit, MillionerKroner);
    assert_eq!(
        &"Regnskap og budsjett for psykisk helse og rus i mill kr"[s.start..s.end],
        "i mill kr"
    );
}

#[test]
fn the_most_specific_statement_wins() {
    // cell > row > column > table
    let t = Some(MillionerKroner);
    assert_eq!(
        unit::resolve(Some(Prosent), Some(Kroner), Some(Antall), t),
        Some(Prosent)
    );
    assert_eq!(
        unit::resolve(None, Some(Kroner), Some(Antall), t),
        Some(Kroner)
    );
    assert_eq!(unit::resolve(None, None, Some(Antall), t), Some(Antall));
    assert_eq!(unit::resolve(None, None, None, t), t);
    assert_eq!(
        unit::in_header(&["Kvinne", "Antall"]),
        Some(Antall),
        "the header text nearest the numbers"
    );
    assert_eq!(
        unit::in_header(&["Regnskap 2024 (mill. kr)", "Andel (%)"]),
        Some(Prosent)
    );
    assert_eq!(
        unit::in_header(&["Regnskap 2024 (mill. kr)", "Q1"]),
        Some(MillionerKroner)
    );
    assert_eq!(unit::of_cell("63 %"), Some(Prosent));
    assert_eq!(unit::of_cell("2,1 %-poeng"), Some(Prosentpoeng));
    assert_eq!(unit::of_cell("4 ‰"), Some(Promille));
    assert_eq!(unit::of_cell("2 067,2"), None);
}

#[test]
fn every_unit_has_a_name_a_factor_and_serialises_as_its_name() {
    let factors = [
        (Kroner, Some(1.0)),
        (TusenKroner, Some(1e3)),
        (MillionerKroner, Some(1e6)),
        (MilliarderKroner, Some(1e9)),
        (KronerPerInnbygger, Some(1.0)),
        (Prosent, None),
        (Prosentpoeng, None),
        (Promille, None),
        (Antall, None),
        (Arsverk, None),
        (Unit::Dager, None),
        (Timer, None),
        (Uker, None),
        (Minutter, None),
    ];
    assert_eq!(factors.len(), Unit::ALL.len());
    for (u, f) in factors {
        assert_eq!(u.nok_factor(), f, "{u}");
        assert_eq!(u.is_money(), f.is_some(), "{u}");
        assert_eq!(Unit::from_name(u.as_str()), Some(u));
        let json = serde_json::to_string(&u).unwrap();
        assert_eq!(json, format!("\"{}\"", u.as_str()));
        assert_eq!(serde_json::from_str::<Unit>(&json).unwrap(), u);
    }
    // Today's warehouse strings for today's units.
    assert_eq!(MillionerKroner.as_str(), "millioner kroner");
    assert_eq!(TusenKroner.as_str(), "tusen kroner");
    assert_eq!(Kroner.as_str(), "kroner");
    assert_eq!(Prosent.as_str(), "prosent");
    assert_eq!(MilliarderKroner.as_str(), "milliarder kroner");
    assert_eq!(Arsverk.as_str(), "årsverk");
    assert!(serde_json::from_str::<Unit>("\"euro\"").is_err());
}

/// Caption forms: text, table number, title.
const CAPTIONS: &[(&str, Option<&str>, &str)] = &[
    (
        "Tabell 1.1 Økonomisk oversikt etter art 2024. Tall i millioner kroner.",
        Some("1.1"),
        "Økonomisk oversikt etter art 2024. Tall i millioner kroner.",
    ),
    (
        "Tabell 9.6. Nøkkeltall for flyktninger og innvandrere.",
        Some("9.6"),
        "Nøkkeltall for flyktninger og innvandrere.",
    ),
    (
        "Tabell 10.6 - Gjennomsnittlig lønn i 2024 fordelt på kjønn og stillingstittel, kapittel 3*",
        Some("10.6"),
        "Gjennomsnittlig lønn i 2024 fordelt på kjønn og stillingstittel, kapittel 3*",
    ),
    (
        "Tabell 10.12 Andel i foreldrepermisjon fordelt pr. kjønn*",
        Some("10.12"),
        "Andel i foreldrepermisjon fordelt pr. kjønn*",
    ),
    ("TABELL 3: Driftsinntekter", Some("3"), "Driftsinntekter"),
    ("Tabell\u{a0}2.4 Nøkkeltall", Some("2.4"), "Nøkkeltall"),
    ("Tab. 3 Investeringer", Some("3"), "Investeringer"),
    ("Tab.3 Investeringer", Some("3"), "Investeringer"),
    (
        "Table 2 Operating statement",
        Some("2"),
        "Operating statement",
    ),
    ("T ABLE 6 Small capitals", Some("6"), "Small capitals"),
    (
        "Tabell 6a Faktorer og koeffisienter for Tunneler til forenklet modell.",
        Some("6a"),
        "Faktorer og koeffisienter for Tunneler til forenklet modell.",
    ),
    (
        "Tabell 24 Avvik mellom prediksjonen i regresjonsanalyse og MOTIV-tall pr. fylke.",
        Some("24"),
        "Avvik mellom prediksjonen i regresjonsanalyse og MOTIV-tall pr. fylke.",
    ),
    ("  Tabell 1.3 fortsetter", Some("1.3"), "fortsetter"),
    (
        "Tabellen under viser regnskapsførte investeringer",
        None,
        "Tabellen under viser regnskapsførte investeringer",
    ),
    ("Tabell viser", None, "Tabell viser"),
    ("Tables 1 and 2", None, "Tables 1 and 2"),
    (
        "Figur 13.10 viser hvordan",
        None,
        "Figur 13.10 viser hvordan",
    ),
    ("Tabell .5", None, "Tabell .5"),
    (
        "Tabell 1.4 gir en oversikt over skattefrie overføringer",
        None,
        "Tabell 1.4 gir en oversikt over skattefrie overføringer",
    ),
    ("Table 2 shows the totals", None, "Table 2 shows the totals"),
];

#[test]
fn caption_forms() {
    for &(text, id, title) in CAPTIONS {
        assert_eq!(caption::id(text).as_deref(), id, "{text:?}");
        assert_eq!(caption::title(text), title, "{text:?}");
    }
}

/// Captions that say their table continues from an earlier page, and some
/// that do not.
const CONTINUED: &[(&str, bool)] = &[
    ("Tabell 1.3 fortsetter", true),
    ("Tabell 2 (forts.)", true),
    ("Tabell 2 forts", true),
    ("Table 4 (continued)", true),
    ("Table 4 (cont.)", true),
    ("Tabell 3 (fortsättning)", true),
    ("Tabell 1.3 Bokførte skatte- og avgiftsinntekter", false),
    ("Tabell 5 Tiltak som fortsetter i 2026", false),
    ("Table 1 Continued claims by state", false),
];

#[test]
fn continued_captions() {
    for &(text, yes) in CONTINUED {
        assert_eq!(caption::continued(text), yes, "{text:?}");
    }
}

/// Row labels: is it a sum, its item number, the label without it.
const ROW_LABELS: &[(&str, bool, Option<i32>, &str)] = &[
    ("Sum driftsinntekter", true, None, "Sum driftsinntekter"),
    (
        "14. Sum investeringsinntekter",
        true,
        Some(14),
        "Sum investeringsinntekter",
    ),
    (
        "26. Sum overføring til investering",
        true,
        Some(26),
        "Sum overføring til investering",
    ),
    (
        "14.Sum investeringsinntekter",
        true,
        Some(14),
        "Sum investeringsinntekter",
    ),
    ("3) Sum avsetninger", true, Some(3), "Sum avsetninger"),
    ("Sum: driftsutgifter", true, None, "Sum: driftsutgifter"),
    ("SUM", true, None, "SUM"),
    ("Sluttsum", true, None, "Sluttsum"),
    ("Totalsum", true, None, "Totalsum"),
    ("Samlet", true, None, "Samlet"),
    ("Samla", true, None, "Samla"),
    ("Totalt", true, None, "Totalt"),
    ("Total", true, None, "Total"),
    ("I alt", true, None, "I alt"),
    ("I alt driftsutgifter", true, None, "I alt driftsutgifter"),
    ("Ansatte i alt", true, None, "Ansatte i alt"),
    // Swedish and Finnish totals (../shared/real: Simrishamn, Kauhava).
    (
        "Summa pågående projekt",
        true,
        None,
        "Summa pågående projekt",
    ),
    ("Summa totalt", true, None, "Summa totalt"),
    ("Totalsumma", true, None, "Totalsumma"),
    ("Konserni yhteensä", true, None, "Konserni yhteensä"),
    ("VASTAAVAA YHTEENSÄ", true, None, "VASTAAVAA YHTEENSÄ"),
    ("YHTEENSÄ", true, None, "YHTEENSÄ"),
    (
        "Tekninen lautakunta yh-teensä",
        true,
        None,
        "Tekninen lautakunta yh-teensä",
    ),
    (
        "Lapsia yhteensä 31.12.",
        true,
        None,
        "Lapsia yhteensä 31.12.",
    ),
    ("Summerad kostnad", false, None, "Summerad kostnad"),
    ("Yhteenveto", false, None, "Yhteenveto"),
    ("Toimintakate/Jäämä", false, None, "Toimintakate/Jäämä"),
    ("Summer", false, None, "Summer"),
    (
        "Totalkostnad per bruker",
        false,
        None,
        "Totalkostnad per bruker",
    ),
    ("Netto driftsresultat", false, None, "Netto driftsresultat"),
    ("Driftsinntekter", false, None, "Driftsinntekter"),
    (
        "3 Investeringer i aksjer",
        false,
        Some(3),
        "Investeringer i aksjer",
    ),
    ("1-2 år", false, None, "1-2 år"),
    ("12 ukers frist", false, None, "12 ukers frist"),
    ("6", false, None, "6"),
    ("2024", false, None, "2024"),
    ("1.1 Sum", false, None, "1.1 Sum"),
];

#[test]
fn sum_labels_and_item_numbers() {
    for &(text, sum, n, bare) in ROW_LABELS {
        assert_eq!(label::is_sum(text), sum, "{text:?}");
        assert_eq!(label::item_number(text), n, "{text:?}");
        assert_eq!(label::without_item_number(text), bare, "{text:?}");
    }
}

#[test]
fn closing_balance_labels() {
    for (text, closing) in [
        ("Peruspääoma 31.12.", true),
        ("Ed. tilikausien yli-/alijäämä 31.12.", true),
        ("Egenkapital 31.12.2024", true),
        ("UB annen egenkapital", true),
        ("Utgående balanse", true),
        ("Peruspääoma 1.1.", false),
        ("Garantiansvar per 31.12, mill kr", false),
        ("Lapsia yhteensä 31.12. 2023", false),
        ("Tilikauden yli-/alijäämä", false),
    ] {
        assert_eq!(label::is_closing_balance(text), closing, "{text:?}");
    }
}

/// Years in header and caption text.
/// Placeholders: a dash alone prints nil (zero in a sum), the others "not
/// available"; numbers and text are neither.
const NILS: &[(&str, bool)] = &[
    ("-", true),
    (" – ", true),
    ("—", true),
    ("\u{2212}", true),
    ("..", false),
    (":", false),
    ("x", false),
    ("N/A", false),
    ("0", false),
    ("-5", false),
    ("- 179", false),
    ("", false),
    ("Ej aktuellt", false),
];

#[test]
fn abbreviations_keep_their_dot() {
    for w in [
        "mv", "mv.", "MV", "m.m", "bl.a", "osv", "jf", "mill", "mrd", "pst", "ym",
    ] {
        assert!(label::abbreviation(w), "{w:?}");
    }
    for w in ["LPG", "produkter", "skatt", "2024", "", "sukker", "kr"] {
        assert!(!label::abbreviation(w), "{w:?}");
    }
}

#[test]
fn nil_placeholders() {
    for &(text, nil) in NILS {
        assert_eq!(kommunetall_lexicon::is_nil(text), nil, "{text:?}");
        if nil {
            assert_eq!(
                kommunetall_lexicon::parse(text),
                Parsed::Missing,
                "{text:?}"
            );
        }
    }
}

const YEARS: &[(&str, &[i32])] = &[
    ("Regnskap 2024", &[2024]),
    ("2018-2024", &[2018, 2024]),
    ("Garantiansvar 2021-2024, per 31.12.24", &[2021, 2024]),
    ("ASSS-gjennomsnitt 2023", &[2023]),
    ("ASSS, gjennomsnitt 2004", &[2004]),
    ("Per 31.12.2024", &[2024]),
    ("Regnskap 2023 2024", &[2023, 2024]),
    ("1 2024,5 20245 12.12.24", &[]),
    ("f202 f2024 2024a", &[]),
    ("1.2024", &[]),
    ("2024.5", &[]),
    ("Budsjett 1850 og 2150", &[]),
    ("2 400 2025-kroner", &[]),
];

#[test]
fn years_in_text() {
    for &(text, want) in YEARS {
        assert_eq!(year::years_in(text), want, "{text:?}");
    }
    assert_eq!(
        year::without_years("ASSS- gjennomsnitt 2024"),
        "ASSS- gjennomsnitt"
    );
    assert_eq!(year::without_years("Trondheim 2024"), "Trondheim");
    assert_eq!(year::without_years("2024"), "");
}

/// Titles and the report year they name.
const REPORT_YEARS: &[(&str, Option<i32>)] = &[
    ("Trondheim kommune Årsberetning 2024 side 1", Some(2024)),
    ("Årsrapport 2023", Some(2023)),
    ("ÅRSMELDING 2022", Some(2022)),
    ("Vedlegg til årsberetning 2024 – tabeller", Some(2024)),
    ("Vedlegg til årsregnskap 2024", Some(2024)),
    ("Årsberetning og årsregnskap 2023", Some(2023)),
    ("arsberetning-2024", Some(2024)),
    ("Årsberetning (2021)", Some(2021)),
    ("Regnskap 2024", None),
    ("Årsberetningen 2024", None),
    ("Årsberetning 1850", None),
    ("Årsberetning 20245", None),
];

#[test]
fn report_years_from_titles() {
    for &(text, want) in REPORT_YEARS {
        assert_eq!(year::report_year(text), want, "{text:?}");
    }
    assert_eq!(year::of_period("2024"), Some(2024));
    assert_eq!(year::of_period("2024M01"), Some(2024));
    assert_eq!(year::of_period("K2024"), None);
    assert_eq!(year::of_period("20"), None);
}

proptest! {
    #[test]
    fn any_text_reads_without_panicking(s in "\\PC{0,60}") {
        let _ = unit::stated(&s);
        let _ = unit::in_label(&s);
        let _ = unit::of_cell(&s);
        if let Some(st) = unit::find(&s) {
            prop_assert!(st.start <= st.end && s.is_char_boundary(st.start) && s.is_char_boundary(st.end));
        }
        let _ = caption::id(&s);
        let _ = caption::title(&s);
        let _ = label::is_sum(&s);
        let _ = label::item_number(&s);
        for y in year::years_in(&s) {
            prop_assert!((1900..=2099).contains(&y));
        }
        let _ = year::report_year(&s);
        let _ = year::of_period(&s);
    }

    #[test]
    fn report_words_read_without_panicking(
        words in proptest::collection::vec(
            proptest::sample::select(vec![
                "Tabell", "T", "ABLE", "tab.", "1", "000", "1.1", "6a", "i", "hele", "mill.", "kr",
                "kroner", "NOK", "(", ")", "%", "-", "poeng", "per", "innbygger", "Sum", "14.",
                "2024", "31.12.2024", ",", ".", "Årsberetning", "İ", "ß", "\u{a0}", "‰",
            ]),
            0..12,
        )
    ) {
        let s = words.join(" ");
        let _ = unit::stated(&s);
        let _ = unit::in_label(&s);
        let _ = caption::id(&s);
        let _ = caption::title(&s);
        let _ = label::is_sum(&s);
        let _ = year::years_in(&s);
        let _ = year::report_year(&s);
    }
}

#[test]
fn short_words_that_are_no_rest_of_a_cut_word() {
    for w in ["kg", "km", "kr.", "år", "MWh", "pst"] {
        assert!(label::measure_word(w), "{w:?}");
    }
    // A single letter may end a word cut before its last ("Budsjet" over
    // "t"), and a piece of a word is none.
    for w in ["t", "m", "g", "nitt", "ing"] {
        assert!(!label::measure_word(w), "{w:?}");
    }
    for w in ["og", "i", "et", "och", "and"] {
        assert!(label::function_word(w), "{w:?}");
    }
}
