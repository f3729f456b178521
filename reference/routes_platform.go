package reference

import (
	"io"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/hutong-interop/hutong/contract/iti"
	"github.com/hutong-interop/hutong/contract/paysign"
	"github.com/hutong-interop/hutong/reference/platform"
)

// platformRoutes serves the platform role: its ITI under the session, and on
// its own host the artefacts the harness meets for real — handoff redirects,
// the notify endpoint wallets post to, and pay-on-behalf pages. Those carry
// the session id in their path, as a real platform would carry a tenant.
func (s *Server) platformRoutes() {
	const p = "/iti/v1/sessions/{sid}/platform"
	s.mux.HandleFunc("PUT "+p+"/institutions/{iid}", s.withPlatform(withBody(http.StatusOK,
		func(r *http.Request, p *platform.State, req iti.InstitutionRequest) (iti.InstitutionConnection, error) {
			return p.Connect(r.PathValue("iid"), req, payBase(r))
		})))
	s.mux.HandleFunc("GET "+p+"/criteria", s.withPlatform(withoutBody(
		func(r *http.Request, p *platform.State) (iti.ConnectionCriteria, error) { return p.Criteria(), nil })))
	s.mux.HandleFunc("PUT "+p+"/merchants/{mid}", s.withPlatform(withBody(http.StatusOK,
		func(r *http.Request, p *platform.State, req iti.MerchantRequest) (iti.Merchant, error) {
			return p.SetMerchant(r.PathValue("mid"), req)
		})))
	s.mux.HandleFunc("POST "+p+"/checkouts", s.withPlatform(withBody(s.created,
		func(r *http.Request, p *platform.State, req iti.CheckoutRequest) (iti.Checkout, error) {
			c, err := p.Checkout(req)
			if err == nil && s.showPages {
				c.PageURL = s.checkoutPageURL(r, c)
			}
			return c, err
		})))
	s.mux.HandleFunc("POST "+p+"/orders/{oid}/choice", s.withPlatform(withBody(http.StatusOK,
		func(r *http.Request, p *platform.State, req iti.ChoiceRequest) (iti.Handoff, error) {
			return p.Choose(r.PathValue("oid"), req, payBase(r))
		})))
	s.mux.HandleFunc("GET "+p+"/orders/{oid}", s.withPlatform(withoutBody(
		func(r *http.Request, p *platform.State) (iti.Order, error) { return p.Order(r.PathValue("oid")) })))
	s.mux.HandleFunc("POST "+p+"/orders/{oid}/refunds", s.withPlatform(withBody(s.created,
		func(r *http.Request, p *platform.State, req iti.RefundRequest) (iti.Refund, error) {
			return p.Refund(r.Context(), r.PathValue("oid"), req)
		})))
	s.mux.HandleFunc("POST "+p+"/orders/{oid}/pay-on-behalf", s.withPlatform(withBody(s.created,
		func(r *http.Request, p *platform.State, req iti.PayOnBehalfRequest) (iti.PayOnBehalfLink, error) {
			return p.PayOnBehalf(r.PathValue("oid"), req, payBase(r))
		})))
	s.mux.HandleFunc("POST "+p+"/clock", s.withPlatform(withBody(http.StatusOK,
		func(r *http.Request, p *platform.State, req iti.ClockRequest) (iti.Clock, error) {
			return p.AdvanceClock(req.AdvanceSeconds)
		})))
	s.mux.HandleFunc("POST "+p+"/rule-changes", s.withPlatform(withBody(s.created,
		func(r *http.Request, p *platform.State, req iti.RuleChangeRequest) (iti.RuleChange, error) {
			return p.ChangeRules(req)
		})))
	s.mux.HandleFunc("GET "+p+"/rule-changes", s.withPlatform(withoutBody(
		func(r *http.Request, p *platform.State) (iti.RuleChanges, error) { return p.RuleChanges(), nil })))
	s.mux.HandleFunc("POST "+p+"/rule-changes/{cid}/opinions", s.withPlatform(withBody(s.created,
		func(r *http.Request, p *platform.State, req iti.OpinionRequest) (iti.Opinion, error) {
			return p.GiveOpinion(r.PathValue("cid"), req)
		})))
	s.mux.HandleFunc("POST "+p+"/rollouts", s.withPlatform(withBody(s.created,
		func(r *http.Request, p *platform.State, req iti.RolloutRequest) (iti.Rollout, error) {
			return p.StartRollout(req)
		})))
	s.mux.HandleFunc("GET "+p+"/rollouts", s.withPlatform(withoutBody(
		func(r *http.Request, p *platform.State) (iti.Rollouts, error) { return p.Rollouts(), nil })))
	s.mux.HandleFunc("GET "+p+"/rollouts/{rid}/inclusion", s.withPlatform(withoutBody(
		func(r *http.Request, p *platform.State) (iti.RolloutAnswer, error) {
			return p.AskRollout(r.PathValue("rid"), r.URL.Query().Get("merchant"), r.URL.Query().Get("consumer"))
		})))

	s.mux.HandleFunc("PUT "+p+"/carriers/{cid}", s.withPlatform(withBody(http.StatusOK,
		func(r *http.Request, p *platform.State, req iti.CarrierRequest) (iti.CarrierConnection, error) {
			return p.ConnectCarrier(r.PathValue("cid"), req, payBase(r))
		})))
	s.mux.HandleFunc("POST "+p+"/merchants/{mid}/shipping-quotes", s.withPlatform(withBody(http.StatusOK,
		func(r *http.Request, p *platform.State, req iti.QuoteRequest) (iti.ShippingQuote, error) {
			return p.ShippingQuote(r.PathValue("mid"), req)
		})))
	s.mux.HandleFunc("POST "+p+"/shipments", s.withPlatform(withBody(s.created,
		func(r *http.Request, p *platform.State, req iti.ShipmentRequest) (iti.Shipment, error) {
			return p.Ship(r.Context(), req)
		})))
	s.mux.HandleFunc("GET "+p+"/shipments/{shid}", s.withPlatform(withoutBody(
		func(r *http.Request, p *platform.State) (iti.ParcelView, error) { return p.Parcel(r.PathValue("shid")) })))

	s.mux.HandleFunc("GET /pay/{sid}/handoff/{code}", s.withPlatform(s.followHandoff))
	s.mux.HandleFunc("POST /pay/{sid}/notify", s.withPlatform(s.notify))
	s.mux.HandleFunc("GET /pay/{sid}/help/{code}", s.withPlatform(s.helpPage))
	s.mux.HandleFunc("POST /pay/{sid}/tracking/{cid}", s.withPlatform(s.track))
	s.mux.HandleFunc("GET /pay/{sid}/help/{code}/{iid}", s.withPlatform(s.helpPay))
}

func (s *Server) withPlatform(h func(http.ResponseWriter, *http.Request, *platform.State)) http.HandlerFunc {
	return withRole(s, "platform", func(x *session) *platform.State { return x.platform }, h)
}

// payBase is the session's public prefix on the platform's host.
func payBase(r *http.Request) string {
	return baseURL(r) + "/pay/" + url.PathEscape(r.PathValue("sid"))
}

func (s *Server) followHandoff(w http.ResponseWriter, r *http.Request, p *platform.State) {
	target, err := p.HandoffTarget(r.PathValue("code"))
	if err != nil {
		fail(w, err)
		return
	}
	http.Redirect(w, r, target, http.StatusFound)
}

func (s *Server) notify(w http.ResponseWriter, r *http.Request, p *platform.State) {
	body, err := io.ReadAll(io.LimitReader(r.Body, 1<<20))
	if err != nil {
		problem(w, http.StatusBadRequest, "the notice could not be read")
		return
	}
	status, msg := p.NotifyFrom(body, r.Header.Get(paysign.SignatureHeader), signedElsewhere(r.Header))
	if status != http.StatusOK {
		problem(w, status, msg)
		return
	}
	writeJSON(w, http.StatusOK, map[string]string{"result": msg, "at": time.Now().UTC().Format(time.RFC3339)})
}

// signedElsewhere is a signature a notice carries in another header than
// the agreed one, for the platform to name the forgery it refuses.
func signedElsewhere(h http.Header) string {
	for name, vs := range h {
		if name != http.CanonicalHeaderKey(paysign.SignatureHeader) && strings.Contains(strings.ToLower(name), "signature") && len(vs) > 0 {
			return vs[0]
		}
	}
	return ""
}

func (s *Server) helpPage(w http.ResponseWriter, r *http.Request, p *platform.State) {
	page, err := p.HelpPage(r.PathValue("code"), payBase(r))
	if err != nil {
		fail(w, err)
		return
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	io.WriteString(w, page)
}

func (s *Server) helpPay(w http.ResponseWriter, r *http.Request, p *platform.State) {
	code, err := p.HelpPay(r.PathValue("code"), r.PathValue("iid"))
	if err != nil {
		fail(w, err)
		return
	}
	http.Redirect(w, r, payBase(r)+"/handoff/"+code, http.StatusFound)
}

func (s *Server) track(w http.ResponseWriter, r *http.Request, p *platform.State) {
	body, err := io.ReadAll(io.LimitReader(r.Body, 1<<20))
	if err != nil {
		problem(w, http.StatusBadRequest, "the tracking event could not be read")
		return
	}
	status, msg := p.Track(r.PathValue("cid"), body)
	if status != http.StatusOK {
		problem(w, status, msg)
		return
	}
	writeJSON(w, http.StatusOK, map[string]string{"result": msg})
}
