package target_test

import (
	"net/http"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/hutong-interop/hutong/internal/target"
)

func TestRemoteHarnessContactsOnlyTheImplementationAndMocks(t *testing.T) {
	tg, err := target.ResolveWith("http://127.0.0.1:1/iti/v1", target.Options{})
	require.NoError(t, err)
	defer tg.Close()
	require.NotNil(t, tg.NetworkFixture)
	assert.Regexp(t, `^http://127\.0\.0\.1:\d+$`, tg.NetworkFixture.ProxyURL)
	assert.Equal(t, "http", tg.Network.Scheme())

	c := &http.Client{Transport: tg.Transport}
	_, err = c.Get("http://example.com/")
	require.Error(t, err)
	assert.Contains(t, err.Error(), "http://example.com:80 is neither the implementation (http://127.0.0.1:1) nor a mock party")

	// Another port of the implementation's own host is another origin.
	_, err = c.Get("http://127.0.0.1:2/secret")
	require.Error(t, err)
	assert.Contains(t, err.Error(), "http://127.0.0.1:2 is neither the implementation")

	// A mock host goes through the mock listener, which answers only a
	// live scenario's credential: this zone is nobody's.
	resp, err := c.Get("http://nobody.z00000000.test/")
	require.NoError(t, err)
	resp.Body.Close()
	assert.Equal(t, http.StatusProxyAuthRequired, resp.StatusCode)

	// A live zone's host is reached with that zone's credential.
	z := tg.Network.NewZone()
	defer z.Close()
	z.Handle("shop", http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { w.WriteHeader(http.StatusTeapot) }))
	resp, err = c.Get(z.URL("shop", "/"))
	require.NoError(t, err)
	resp.Body.Close()
	assert.Equal(t, http.StatusTeapot, resp.StatusCode)

	assert.NoError(t, tg.Close())
	assert.NoError(t, tg.Close(), "Close twice")
}

func TestMockBaseURLIsWhatTheImplementationIsTold(t *testing.T) {
	tg, err := target.ResolveWith("https://sandbox.example.com/iti/v1", target.Options{MockListen: "127.0.0.1:0", MockBaseURL: "http://ci-runner.example.com:7070/"})
	require.NoError(t, err)
	defer tg.Close()
	assert.Equal(t, "http://ci-runner.example.com:7070", tg.NetworkFixture.ProxyURL)
	assert.Equal(t, "https://sandbox.example.com/iti/v1", tg.ITIBase)
}

func TestInProcessTargetHasNoNetworkFixture(t *testing.T) {
	tg, err := target.Resolve("builtin:reference")
	require.NoError(t, err)
	assert.Nil(t, tg.NetworkFixture)
	assert.Equal(t, "https", tg.Network.Scheme())
	assert.NoError(t, tg.Close())
}

// Origins beside the ITI's are followed only when whoever runs the
// certification names them.
func TestAllowOriginWidensTheGuardOnlyAsGiven(t *testing.T) {
	tg, err := target.ResolveWith("http://127.0.0.1:1/iti/v1", target.Options{AllowOrigins: []string{"http://localhost:1", "https://pay.example.com"}})
	require.NoError(t, err)
	defer tg.Close()
	assert.Equal(t, []string{"http://127.0.0.1:1", "http://localhost:1", "https://pay.example.com:443"}, tg.Origins)
	assert.Contains(t, strings.Join(tg.Warnings, "\n"), "https://pay.example.com:443")
	c := &http.Client{Transport: tg.Transport}
	_, err = c.Get("http://localhost:1/x")
	require.Error(t, err)
	assert.NotContains(t, err.Error(), "neither the implementation", "an allowed origin is dialled (nothing listens there)")
	_, err = c.Get("http://localhost:2/x")
	assert.ErrorContains(t, err, "neither the implementation")

	for _, bad := range []string{"pay.example.com", "https://pay.example.com/path", "ftp://x", "http://shop.z1.test"} {
		_, err := target.ResolveWith("http://127.0.0.1:1/iti/v1", target.Options{AllowOrigins: []string{bad}})
		assert.ErrorContains(t, err, "--allow-origin", bad)
	}
}
