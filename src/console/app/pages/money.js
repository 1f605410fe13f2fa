// Money: tariffs, agreements, CDRs, settlement statements and disputes, as tabs.
import { html } from 'htm/preact';
import { t } from '../i18n.js';
import { href } from '../router.js';
import { TariffsTab } from './money-tariffs.js';
import { AgreementsTab } from './money-agreements.js';
import { CdrsTab } from './money-cdrs.js';
import { StatementsTab } from './money-statements.js';
import { DisputesTab } from './money-disputes.js';

const TABS = { tariffs: TariffsTab, agreements: AgreementsTab, cdrs: CdrsTab, statements: StatementsTab, disputes: DisputesTab };

export function MoneyPage({ tab, me }) {
  const Tab = TABS[tab] ?? CdrsTab;
  return html`
    <h1>${t('nav.money')}</h1>
    <nav class="tabs" aria-label=${t('nav.money')}>
      <ul>${Object.keys(TABS).map((k) => html`<li><a href=${href('money', k)} aria-current=${k === tab ? 'page' : undefined}>${t(`money.${k}`)}</a></li>`)}</ul>
    </nav>
    <${Tab} me=${me} />`;
}
