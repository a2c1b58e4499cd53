"""Getting statements in without the investor downloading them: CDSL's OTP fetch
(:mod:`core.retrieval.cdsl`) and KFintech's mail-back request (:mod:`core.retrieval.kfintech`),
each through the portal's own web pages, with captchas read by a pluggable solver
(:mod:`core.retrieval.captcha`). Fetched statements become history documents with signed
download links (:mod:`core.retrieval.keep`, :mod:`core.downloads`)."""
