//! Outlets' zones: a date line's wall-clock time, written without a zone,
//! placed in the zone of the outlet that wrote it.
//!
//! The outlet is known by the article URL's host. Each row of
//! [`OUTLET_ZONES`] was read off the corpus: the date line's time against
//! the feed's timestamp for the same item (the header's first line), an
//! instant. Where the zone's reading and the timestamp are more than a day
//! apart, the time stays [`Published::Local`]: the table is wrong for that
//! file, and a wrong instant is worse than none.

use chrono::{DateTime, NaiveDateTime, Offset, TimeZone, Utc};
use chrono_tz::Tz;
use url::Url;

use crate::article::{Inferred, Published};

/// Hosts (a host, or any host under it) whose date lines give a
/// wall-clock time without a zone, and that time's zone.
///
/// | host | date line | feed timestamp | zone |
/// | --- | --- | --- | --- |
/// | `cn.nytimes.com` | `<time datetime="2020-08-10 09:42:48">` | 01:44:40 UTC | Beijing time, no summer time |
/// | `rfi.fr` | `01/07/2023 - 18:17` | 16:49 UTC | Paris, summer time (+02:00) |
/// | `rfi.fr` | `13/05/2021 - 00:02` | 2021-05-12 22:15 UTC | Paris, summer time (+02:00) |
/// | `cn.reuters.com` | `2020-07-29T00:58:06` (no `Z`) | 01:23:26 UTC | UTC |
///
/// In the corpus, the NYT's Chinese edition is published 0–1 hour before
/// its feed item, a few up to 12 hours; RFI's up to 2 hours; Reuters' up
/// to 35 minutes.
pub(crate) const OUTLET_ZONES: &[(&str, Tz)] = &[
    ("cn.nytimes.com", Tz::Asia__Shanghai),
    ("rfi.fr", Tz::Europe__Paris),
    ("cn.reuters.com", Tz::UTC),
];

/// How far apart the zone's reading and the feed's timestamp may be.
const MAX_DISAGREEMENT_SECONDS: i64 = 24 * 60 * 60;

/// The zone of the outlet at `url`, if the table has it.
pub(crate) fn outlet_zone(url: &Url) -> Option<Tz> {
    // The URL parser lower-cases the hosts of web addresses.
    let host = url.host_str()?;
    OUTLET_ZONES.iter().find_map(|(suffix, zone)| {
        let under = host
            .strip_suffix(suffix)
            .is_some_and(|rest| rest.is_empty() || rest.ends_with('.'));
        under.then_some(*zone)
    })
}

/// `published`, a local time placed in the outlet's zone when the table
/// knows the outlet and the feed's `timestamp` (if any) agrees within a
/// day. Of the two readings of a time the clocks passed twice, the one
/// nearer the timestamp (else the earlier); a time the clocks skipped
/// stays local.
pub(crate) fn infer(
    published: Published,
    url: Option<&Url>,
    timestamp: Option<DateTime<Utc>>,
) -> Published {
    let Published::Local(local) = published else {
        return published;
    };
    let Some(zone) = url.and_then(outlet_zone) else {
        return published;
    };
    let distance = |dt: &DateTime<Tz>| {
        timestamp.map_or(0, |t| (dt.timestamp() - t.timestamp()).unsigned_abs())
    };
    let readings = zone.from_local_datetime(&local);
    let nearest = readings
        .earliest()
        .into_iter()
        .chain(readings.latest())
        .min_by_key(distance);
    match nearest {
        Some(dt) if distance(&dt) <= MAX_DISAGREEMENT_SECONDS.unsigned_abs() => {
            Published::Inferred(placed(local, zone, &dt))
        }
        _ => published,
    }
}

fn placed(local: NaiveDateTime, zone: Tz, dt: &DateTime<Tz>) -> Inferred {
    Inferred {
        local,
        zone,
        offset: dt.offset().fix(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn url(s: &str) -> Url {
        Url::parse(s).unwrap()
    }

    fn local(s: &str) -> Published {
        Published::Local(s.parse().unwrap())
    }

    fn at(ms: i64) -> Option<DateTime<Utc>> {
        DateTime::from_timestamp_millis(ms)
    }

    /// Each row of the table, with a real date line and its feed
    /// timestamp from the corpus.
    #[test]
    fn every_row_reads_a_real_file() {
        let rows = [
            // duty-machine-news/nyt/1048000.md
            (
                "https://cn.nytimes.com/world/20200810/hong-kong-jimmy-lai-arrested/",
                "2020-08-10T09:42:48",
                1_597_023_880_000,
                "2020-08-10T09:42:48+08:00[Asia/Shanghai]",
            ),
            // duty-machine-news/rfi: 01/07/2023 - 18:17, summer time
            (
                "https://www.rfi.fr/cn/中国/20230701-x",
                "2023-07-01T18:17:00",
                1_688_230_140_000,
                "2023-07-01T18:17:00+02:00[Europe/Paris]",
            ),
            // duty-machine-news/reuters-legacy: no `Z`, UTC
            (
                "https://cn.reuters.com/article/x-idCNKCS24U0NP",
                "2020-07-29T00:58:06",
                1_595_985_806_000,
                "2020-07-29T00:58:06+00:00[UTC]",
            ),
        ];
        for (u, time, ms, want) in rows {
            let got = infer(local(time), Some(&url(u)), at(ms));
            assert_eq!(got.to_string(), want, "{u}");
            assert_eq!(got.as_stated(), local(time));
        }
    }

    #[test]
    fn winter_time_is_the_zone_database_s() {
        let got = infer(
            local("2021-01-13T00:02:00"),
            Some(&url("https://www.rfi.fr/cn/x")),
            at(1_610_492_520_000),
        );
        assert_eq!(got.to_string(), "2021-01-13T00:02:00+01:00[Europe/Paris]");
        assert_eq!(
            got.to_utc().unwrap().to_rfc3339(),
            "2021-01-12T23:02:00+00:00"
        );
    }

    #[test]
    fn a_timestamp_a_day_away_keeps_the_local_time() {
        let time = local("2020-08-10T09:42:48");
        let nyt = url("https://cn.nytimes.com/x/");
        // Three days after.
        assert_eq!(infer(time, Some(&nyt), at(1_597_283_080_000)), time);
        // No timestamp: nothing disagrees.
        assert!(matches!(
            infer(time, Some(&nyt), None),
            Published::Inferred(_)
        ));
    }

    #[test]
    fn only_the_table_s_outlets_and_only_local_times() {
        let time = local("2020-08-10T09:42:48");
        for u in [
            "https://www.voachinese.com/a/1.html",
            "https://nytimes.com/x",
            "https://notrfi.fr/x",
        ] {
            assert_eq!(infer(time, Some(&url(u)), None), time, "{u}");
        }
        assert_eq!(infer(time, None, None), time);
        let upper = url("https://WWW.RFI.FR/cn/x");
        assert!(matches!(
            infer(time, Some(&upper), None),
            Published::Inferred(_)
        ));
        let date = Published::Date("2023-02-15".parse().unwrap());
        assert_eq!(infer(date, Some(&url("https://www.rfi.fr/x")), None), date);
    }

    #[test]
    fn twice_told_and_skipped_times() {
        let rfi = url("https://www.rfi.fr/cn/x");
        // 2023-10-29 02:30 came twice in Paris: +02:00 (00:30 UTC), then
        // +01:00 (01:30 UTC). The timestamp picks.
        let time = local("2023-10-29T02:30:00");
        let first = infer(time, Some(&rfi), at(1_698_539_400_000));
        assert_eq!(first.to_string(), "2023-10-29T02:30:00+02:00[Europe/Paris]");
        let second = infer(time, Some(&rfi), at(1_698_543_000_000 + 600_000));
        assert_eq!(
            second.to_string(),
            "2023-10-29T02:30:00+01:00[Europe/Paris]"
        );
        // 2023-03-26 02:30 never happened in Paris.
        let skipped = local("2023-03-26T02:30:00");
        assert_eq!(infer(skipped, Some(&rfi), None), skipped);
    }
}
