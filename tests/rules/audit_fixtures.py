"""A small 社会救助 domain with a guide, for the coverage and consistency rules' tests."""

DOMAIN = """\
id: shehui-jiuzhu
name: 社会救助
pilot: true
superseded:
  - cites: 国务院令第492号
    document: 《中华人民共和国政府信息公开条例》（2007年）
    replaced_by: 《中华人民共和国政府信息公开条例》（国务院令第711号）
guide:
  - category: 最低生活保障
    name: 低保审核信息
    levels: [县级, 乡级]
  - category: 最低生活保障
    name: 低保审批信息
    levels: [县级]
  - category: 临时救助
    name: 临时救助审批信息
    levels: [乡级]
"""


def item(
    name: str,
    *,
    basis: str = "《社会救助暂行办法》",
    deadline: str = "信息形成或者变更之日起20个工作日内",
    owner: str = "示例县东湖镇人民政府",
    level: str = "[乡级]",
    extra: str = "",
) -> str:
    return f"""\
    - name: {name}
      content: 对象名单及相关信息
      basis: {basis}
      deadline: {deadline}
      owner: {owner}
      method: 主动
      channel: [政府网站]
      audience: 全社会
      level: {level}
{extra}"""


def catalog(name: str, kind: str, *items: str, parent: str | None = None) -> str:
    head = f"unit:\n  name: {name}\n  kind: {kind}\n" + (f"  parent: {parent}\n" if parent else "")
    return head + "reviewed: 2026-06-01\ndomains:\n  shehui-jiuzhu:\n" + "".join(items)


def with_guide(county) -> None:
    county.write("shehui-jiuzhu.yaml", DOMAIN, folder="domains")
