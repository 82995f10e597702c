"""The network's writes (network.md): the hub's (hub.py: invitations, admission, expulsion, texts;
receiving.py: releases received) and a member's (member.py: joining, a network release)."""
