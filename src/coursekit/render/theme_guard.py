"""Material's storage reader, made safe: its ``__md_get`` parses the stored value with
``JSON.parse`` and throws on a corrupted one (a broken ``/.__palette`` then breaks every page).
The guarded reader returns null instead, as when nothing is stored, and leaves the value alone."""

from __future__ import annotations

MD_GET = '__md_get=(e,_=localStorage,t=__md_scope)=>JSON.parse(_.getItem(t.pathname+"."+e))'
SAFE_MD_GET = (
    '__md_get=(e,_=localStorage,t=__md_scope)=>{try{var v=JSON.parse(_.getItem(t.pathname+"."+e));'
    'if(e==="__palette"&&v!==null&&!(typeof v==="object"&&typeof v.index==="number"&&v.color&&typeof v.color==="object"'
    '&&["media","scheme","primary","accent"].every(function(k){return typeof v.color[k]==="string"})))return null;'
    "return v}catch(x){return null}}"
)
"""(A palette value of the wrong shape counts as none too: Material's scripts read its fields.)"""


def guard(html: str) -> str:
    """The page with Material's storage reader replaced by one that never throws."""
    return html.replace(MD_GET, SAFE_MD_GET, 1)
