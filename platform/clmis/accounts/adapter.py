from allauth.account.adapter import DefaultAccountAdapter


class AccountAdapter(DefaultAccountAdapter):
    """Nobody signs themselves up: administrators create the accounts of their schema."""

    def is_open_for_signup(self, request) -> bool:
        return False
