//! Time as the client sees it: a monotonic clock for the rate limiter and
//! backoff, a sleeper, and the wall clock for `fetched_at`. Injectable so
//! tests never wait for real.

use std::collections::VecDeque;
use std::sync::Mutex;
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

/// A source of time that can also sleep.
pub trait Clock: Send + Sync {
    /// Monotonic time since an arbitrary, fixed origin.
    fn now(&self) -> Duration;
    /// Blocks (or pretends to) for `d`.
    fn sleep(&self, d: Duration);
    /// The wall-clock time, for the store's `fetched_at`.
    fn wall(&self) -> SystemTime;
}

/// The real clock: [`Instant`], [`std::thread::sleep`] and [`SystemTime`].
#[derive(Debug, Clone, Copy)]
pub struct SystemClock {
    origin: Instant,
}

impl SystemClock {
    /// A clock whose origin is now.
    pub fn new() -> Self {
        Self {
            origin: Instant::now(),
        }
    }
}

impl Default for SystemClock {
    fn default() -> Self {
        Self::new()
    }
}

impl Clock for SystemClock {
    fn now(&self) -> Duration {
        self.origin.elapsed()
    }
    fn sleep(&self, d: Duration) {
        std::thread::sleep(d);
    }
    fn wall(&self) -> SystemTime {
        SystemTime::now()
    }
}

/// A fake clock for tests: `sleep` advances time instantly and is recorded.
/// Wall time is a fixed start (given in seconds since the Unix epoch) plus
/// the elapsed fake time.
#[derive(Debug, Default)]
pub struct ManualClock {
    state: Mutex<(Duration, Vec<Duration>)>,
    wall_start_secs: u64,
}

impl ManualClock {
    /// A fake clock at monotonic zero whose wall time starts at
    /// `wall_start_secs` seconds after the Unix epoch.
    pub fn new(wall_start_secs: u64) -> Self {
        Self {
            state: Mutex::new((Duration::ZERO, Vec::new())),
            wall_start_secs,
        }
    }

    /// Moves time forward without recording a sleep.
    pub fn advance(&self, d: Duration) {
        if let Ok(mut s) = self.state.lock() {
            s.0 += d;
        }
    }

    /// Every sleep requested so far, in order.
    pub fn sleeps(&self) -> Vec<Duration> {
        self.state.lock().map(|s| s.1.clone()).unwrap_or_default()
    }
}

impl Clock for ManualClock {
    fn now(&self) -> Duration {
        self.state.lock().map(|s| s.0).unwrap_or_default()
    }
    fn sleep(&self, d: Duration) {
        if let Ok(mut s) = self.state.lock() {
            s.0 += d;
            s.1.push(d);
        }
    }
    fn wall(&self) -> SystemTime {
        UNIX_EPOCH + Duration::from_secs(self.wall_start_secs) + self.now()
    }
}

/// A sliding-window rate limiter: at most `limit` requests in any `window`.
#[derive(Debug, Clone)]
pub struct RateLimiter {
    limit: usize,
    window: Duration,
    sent: VecDeque<Duration>,
}

impl RateLimiter {
    /// At most `limit` requests per `window` (a `limit` of 0 disables the
    /// limiter).
    pub fn new(limit: usize, window: Duration) -> Self {
        Self {
            limit,
            window,
            sent: VecDeque::new(),
        }
    }

    /// Waits (on `clock`) until one more request is allowed, then records
    /// it. Returns how long it waited.
    pub fn acquire(&mut self, clock: &dyn Clock) -> Duration {
        if self.limit == 0 {
            return Duration::ZERO;
        }
        let mut waited = Duration::ZERO;
        loop {
            let now = clock.now();
            while let Some(&first) = self.sent.front() {
                if now.saturating_sub(first) >= self.window {
                    self.sent.pop_front();
                } else {
                    break;
                }
            }
            if self.sent.len() < self.limit {
                self.sent.push_back(now);
                return waited;
            }
            let Some(&first) = self.sent.front() else {
                continue;
            };
            let wait = (first + self.window)
                .saturating_sub(now)
                .max(Duration::from_millis(1));
            clock.sleep(wait);
            waited += wait;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn limiter_waits_for_the_window() {
        let clock = ManualClock::new(0);
        let mut rl = RateLimiter::new(30, Duration::from_secs(60));
        for _ in 0..30 {
            assert_eq!(rl.acquire(&clock), Duration::ZERO);
            clock.advance(Duration::from_secs(1));
        }
        // 31st request at t=30s must wait until t=60s
        assert_eq!(rl.acquire(&clock), Duration::from_secs(30));
        assert_eq!(clock.now(), Duration::from_secs(60));
        assert_eq!(clock.sleeps(), vec![Duration::from_secs(30)]);
        // the next one waits until the second request leaves the window (t=61)
        assert_eq!(rl.acquire(&clock), Duration::from_secs(1));
    }
}
