import { Text, View } from '@tarojs/components';
import type { NearbyItem } from '../../../cloudfunctions/shared/contracts/place';
import { PLACE_TYPE_LABELS } from '../../constants/place';
import { distanceText } from '../../../cloudfunctions/shared/isomorphic/geo';
import ServiceChips from '../service-chips';
import './index.css';

export interface PlaceCardProps {
  item: NearbyItem;
  selected?: boolean;
  onClick?: () => void;
}

/** One place in the nearby list: name, kind, how far, open or not, services and its best offer. */
export default function PlaceCard({ item, selected = false, onClick }: PlaceCardProps) {
  return (
    <View
      id={`place-${item.id}`}
      className={`place-card place-card--${item.type}${selected ? ' place-card--selected' : ''}`}
      data-testid="place-card"
      data-place-id={item.id}
      onClick={onClick}
    >
      <View className="place-card__head">
        <Text className={`place-card__type place-card__type--${item.type}`}>{PLACE_TYPE_LABELS[item.type]}</Text>
        <Text className="place-card__name">{item.name}</Text>
        <Text className="place-card__distance">{distanceText(item.distance)}</Text>
      </View>
      <View className="place-card__status-row">
        <Text className={`place-card__status${item.openNow ? ' place-card__status--open' : ''}`} data-testid="place-card-status">
          {item.statusText}
        </Text>
        <Text className="place-card__address">{item.address}</Text>
      </View>
      <ServiceChips codes={item.services} compact />
      {item.highlight ? (
        <View className="place-card__offer">
          <Text className="place-card__offer-tag">优惠</Text>
          <Text>{item.highlight}</Text>
        </View>
      ) : null}
    </View>
  );
}
