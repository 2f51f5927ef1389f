"""The fault campaign of issue 9: a fault-injecting loopback proxy, warehouse invariants, kill -9s.

`make chaos` runs `python -m chaos.campaign`; each module holds one idea:
`chaos.proxy` (faults over HTTP), `chaos.invariants` (what a warehouse must always satisfy,
and how two warehouses compare), `chaos.campaign` (the rounds, the kills and the table).
"""
