"""The seed page's complete workflow against a Prospect API server: search, create a list, save.

    PROSPECT_API_URL=http://localhost:3000 PROSPECT_API_KEY=wbk_... python3 examples/workflow.py

Only the base URL differs from the page this service was born from.
"""
import os
import sys

import requests

BASE_URL = os.environ.get("PROSPECT_API_URL", "http://localhost:3000").rstrip("/")
API_KEY = os.environ.get("PROSPECT_API_KEY")
LIST_NAME = os.environ.get("PROSPECT_LIST_NAME", "Law Firm CEOs")

if not API_KEY:
    sys.exit("Set PROSPECT_API_KEY to a key with read and write scopes (wbk_...).")

headers = {"Authorization": f"Bearer {API_KEY}", "Content-Type": "application/json"}


def check(response):
    """Stops with the API's own error message (one error shape for every error)."""
    if not response.ok:
        error = response.json().get("error", {})
        sys.exit(f"{response.status_code} {error.get('code')}: {error.get('message')} ({error.get('request_id')})")
    return response

# Step 1: Search for prospects
search_response = requests.post(
    f"{BASE_URL}/v1/prospects/search",
    headers=headers,
    json={
        "query": {
            "person_titles": ["CEO"],
            "organization_industries": ["Legal"]
        },
        "per_page": 50
    }
)
check(search_response)
prospects = search_response.json()["data"]["prospects"]
print(f"Found {len(prospects)} prospects")

# Step 2: Create a list
list_response = requests.post(
    f"{BASE_URL}/v1/lists",
    headers=headers,
    json={"name": LIST_NAME, "description": "Q1 Campaign"}
)
check(list_response)
list_id = list_response.json()["data"]["id"]

# Step 3: Save prospects to CRM and list
save_response = requests.post(
    f"{BASE_URL}/v1/prospects/save",
    headers=headers,
    json={
        "prospects": prospects,
        "list_id": list_id
    }
)
check(save_response)

result = save_response.json()["data"]
print(f"Saved {result['created']} contacts to list {list_id}")
