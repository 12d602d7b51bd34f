"""The bench's own database, created if missing, so one command works on a fresh PostgreSQL."""

import environ
import psycopg
from psycopg import sql


def database_name(url: str) -> str:
    return environ.Env.db_url_config(url)["NAME"]


def database_create_if_missing(url: str) -> bool:
    """CREATE DATABASE through the server's `postgres` database; returns whether it had to."""
    config = environ.Env.db_url_config(url)
    params = {
        "host": config.get("HOST") or None,
        "port": config.get("PORT") or None,
        "user": config.get("USER") or None,
        "password": config.get("PASSWORD") or None,
        "dbname": "postgres",
    }
    with psycopg.connect(**{k: v for k, v in params.items() if v}, autocommit=True) as conn:
        if conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [config["NAME"]]).fetchone():
            return False
        conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(config["NAME"])))
        return True
