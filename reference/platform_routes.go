package reference

import (
	"io"
	"net/http"
	"net/url"
	"time"

	"hutong/conformance/iti"
	"hutong/conformance/paysign"
	"hutong/reference/platform"
)

// platformRoutes serves the platform role: its ITI under the session, and on
// its own host the artefacts the harness meets for real — handoff redirects,
// the notify endpoint wallets post to, and pay-on-behalf pages. Those carry
// the session id in their path, as a real platform would carry a tenant.
func (s *Server) platformRoutes() {
	const p = "/iti/v1/sessions/{sid}/platform"
	s.mux.HandleFunc("PUT "+p+"/institutions/{iid}", s.withPlatform(s.connectInstitution))
	s.mux.HandleFunc("GET "+p+"/criteria", s.withPlatform(s.connectionCriteria))
	s.mux.HandleFunc("PUT "+p+"/merchants/{mid}", s.withPlatform(s.setMerchant))
	s.mux.HandleFunc("POST "+p+"/checkouts", s.withPlatform(s.checkout))
	s.mux.HandleFunc("POST "+p+"/orders/{oid}/choice", s.withPlatform(s.choose))
	s.mux.HandleFunc("GET "+p+"/orders/{oid}", s.withPlatform(s.readOrder))
	s.mux.HandleFunc("POST "+p+"/orders/{oid}/refunds", s.withPlatform(s.refund))
	s.mux.HandleFunc("POST "+p+"/orders/{oid}/pay-on-behalf", s.withPlatform(s.payOnBehalf))
	s.mux.HandleFunc("POST "+p+"/clock", s.withPlatform(s.advanceClock))

	s.mux.HandleFunc("GET /pay/{sid}/handoff/{code}", s.withPlatform(s.followHandoff))
	s.mux.HandleFunc("POST /pay/{sid}/notify", s.withPlatform(s.notify))
	s.mux.HandleFunc("GET /pay/{sid}/help/{code}", s.withPlatform(s.helpPage))
	s.mux.HandleFunc("GET /pay/{sid}/help/{code}/{iid}", s.withPlatform(s.helpPay))
}

func (s *Server) withPlatform(h func(http.ResponseWriter, *http.Request, *platform.State)) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		s.mu.Lock()
		sess, ok := s.sessions[r.PathValue("sid")]
		s.mu.Unlock()
		if !ok || sess.platform == nil {
			problem(w, http.StatusNotFound, "no such session")
			return
		}
		h(w, r, sess.platform)
	}
}

// payBase is the session's public prefix on the platform's host.
func payBase(r *http.Request) string {
	return baseURL(r) + "/pay/" + url.PathEscape(r.PathValue("sid"))
}

func (s *Server) connectInstitution(w http.ResponseWriter, r *http.Request, p *platform.State) {
	var req iti.InstitutionRequest
	if !readJSON(w, r, &req) {
		return
	}
	out, err := p.Connect(r.PathValue("iid"), req, payBase(r))
	if err != nil {
		fail(w, err)
		return
	}
	writeJSON(w, http.StatusOK, out)
}

func (s *Server) connectionCriteria(w http.ResponseWriter, r *http.Request, p *platform.State) {
	writeJSON(w, http.StatusOK, p.Criteria())
}

func (s *Server) setMerchant(w http.ResponseWriter, r *http.Request, p *platform.State) {
	var req iti.MerchantRequest
	if !readJSON(w, r, &req) {
		return
	}
	out, err := p.SetMerchant(r.PathValue("mid"), req)
	if err != nil {
		fail(w, err)
		return
	}
	writeJSON(w, http.StatusOK, out)
}

func (s *Server) checkout(w http.ResponseWriter, r *http.Request, p *platform.State) {
	var req iti.CheckoutRequest
	if !readJSON(w, r, &req) {
		return
	}
	out, err := p.Checkout(req)
	if err != nil {
		fail(w, err)
		return
	}
	writeJSON(w, http.StatusCreated, out)
}

func (s *Server) choose(w http.ResponseWriter, r *http.Request, p *platform.State) {
	var req iti.ChoiceRequest
	if !readJSON(w, r, &req) {
		return
	}
	out, err := p.Choose(r.PathValue("oid"), req, payBase(r))
	if err != nil {
		fail(w, err)
		return
	}
	writeJSON(w, http.StatusOK, out)
}

func (s *Server) readOrder(w http.ResponseWriter, r *http.Request, p *platform.State) {
	out, err := p.Order(r.PathValue("oid"))
	if err != nil {
		fail(w, err)
		return
	}
	writeJSON(w, http.StatusOK, out)
}

func (s *Server) refund(w http.ResponseWriter, r *http.Request, p *platform.State) {
	var req iti.RefundRequest
	if !readJSON(w, r, &req) {
		return
	}
	out, err := p.Refund(r.Context(), r.PathValue("oid"), req)
	if err != nil {
		fail(w, err)
		return
	}
	writeJSON(w, http.StatusCreated, out)
}

func (s *Server) payOnBehalf(w http.ResponseWriter, r *http.Request, p *platform.State) {
	var req iti.PayOnBehalfRequest
	if !readJSON(w, r, &req) {
		return
	}
	out, err := p.PayOnBehalf(r.PathValue("oid"), req, payBase(r))
	if err != nil {
		fail(w, err)
		return
	}
	writeJSON(w, http.StatusCreated, out)
}

func (s *Server) advanceClock(w http.ResponseWriter, r *http.Request, p *platform.State) {
	var req iti.ClockRequest
	if !readJSON(w, r, &req) {
		return
	}
	out, err := p.AdvanceClock(req.AdvanceSeconds)
	if err != nil {
		fail(w, err)
		return
	}
	writeJSON(w, http.StatusOK, out)
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
	status, msg := p.Notify(body, r.Header.Get(paysign.SignatureHeader))
	if status != http.StatusOK {
		problem(w, status, msg)
		return
	}
	writeJSON(w, http.StatusOK, map[string]string{"result": msg, "at": time.Now().UTC().Format(time.RFC3339)})
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
