package checkout

import (
	"context"
	"crypto/ed25519"

	"github.com/hutong-interop/hutong/contract/iti"
	"github.com/hutong-interop/hutong/contract/paysign"
	"github.com/hutong-interop/hutong/steps/scenario"
)

// decoyPlatform is DecoyMerchants for every merchant of the scenario's
// checkout world. Platform starts it before it connects the wallets and
// waits for it before it sets up its own merchants, so that the decoy's
// are set up first whatever the timing.
func decoyPlatform(ctx context.Context) (wait func()) {
	s := From(ctx)
	var reqs []iti.MerchantRequest
	for _, name := range s.merchSeq {
		reqs = append(reqs, *s.Merchants[name])
	}
	return DecoyMerchants(ctx, s.merchSeq, reqs)
}

// DecoyMerchants opens a decoy session beside the scenario's
// (scenario.Decoy) in which an institution named with the marker is
// connected and each merchant ids[i], set up as reqs[i], enables it alone:
// a platform that keeps its merchants or institutions by id across sessions
// offers it on the scenario's own payment screen. It starts the decoy and
// returns what waits for it; a Given step that sets up merchants defers it.
func DecoyMerchants(ctx context.Context, ids []string, reqs []iti.MerchantRequest) (wait func()) {
	w := scenario.From(ctx)
	ids, reqs = append([]string(nil), ids...), append([]iti.MerchantRequest(nil), reqs...)
	// No mock serves it: nothing the scenario does reaches the decoy's
	// institution.
	host := w.Zone.Host("wallet.decoy")
	return w.Decoy(ctx, w.Fixtures, func(ctx context.Context, d *scenario.Decoy) error {
		pub, _, err := ed25519.GenerateKey(nil)
		if err != nil {
			return err
		}
		inst := "pay-" + d.Marker
		_, err = d.Session.ConnectInstitution(ctx, inst, iti.InstitutionRequest{Name: d.Marker + " Pay", Tier: iti.TierTop,
			HandoffURL: w.URL(host, "/handoff"), RefundURL: w.URL(host, "/refund"),
			Capabilities:    []string{iti.CapabilityDirectHandoff, iti.CapabilityRefund},
			NotifyPublicKey: paysign.EncodeKey(pub)})
		if err != nil {
			return err
		}
		for i, id := range ids {
			m := reqs[i]
			m.EnabledInstitutions = []string{inst}
			if _, err := d.Session.SetMerchant(ctx, id, m); err != nil {
				return err
			}
		}
		return nil
	})
}
