"""What other apps may listen to when a vault opens or closes in this process.

The analytic view builds on unseal and drops with the key; Collect submissions waiting for the
key are processed on unseal. Receivers are connected in their app's ready().
"""

from django.dispatch import Signal

# Sent after this process holds the vault's key. kwargs: vault (Vault).
vault_unsealed = Signal()
# Sent after the vault was sealed here and in every other process. kwargs: vault (Vault).
vault_sealed = Signal()
# Sent whenever this process forgets a key, for any reason (seal, idle, restart).
# kwargs: vault_id (int).
key_dropped = Signal()
# Sent inside a key rotation's final transaction, once the vault row holds the new public key
# (what a receiver seals now is sealed to it). kwargs: vault (Vault).
key_rotated = Signal()
