"""Collect's writes: links (`links`), the phones' key (`keys`), receiving a submission
(`submissions`) and storing it at unseal (`intake`); each writes its audit row in its transaction."""
