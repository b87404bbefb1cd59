//go:build race

package serve

// raceEnabled tells tests that the race detector slows this build down
// (about twenty times for the service), so load tests send fewer requests.
const raceEnabled = true
