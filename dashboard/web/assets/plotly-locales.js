/* plotly.js UI strings for the page's languages, from the npm package plotly.js-locales
 * 3.7.0 (MIT licence, (c) plotly.js contributors). Built by scripts/build_plotly_locales.py;
 * do not edit. Each locale is registered the moment plotly.js sets window.Plotly. */
(function () {
  var locales = [];
  locales.push({
    moduleType: 'locale',
    name: 'ru',
    dictionary: {
        'Autoscale': 'Автоматическое шкалирование',
        'Box Select': 'Выделение прямоугольной области',
        'Click to enter Colorscale title': 'Нажмите для ввода названия цветовой шкалы',
        'Click to enter Component A title': 'Нажмите для ввода названия компонента A',
        'Click to enter Component B title': 'Нажмите для ввода названия компонента B',
        'Click to enter Component C title': 'Нажмите для ввода названия компонента C',
        'Click to enter Plot title': 'Нажмите для ввода названия графика',
        'Click to enter X axis title': 'Нажмите для ввода названия оси X',
        'Click to enter Y axis title': 'Нажмите для ввода названия оси Y',
        'Click to enter radial axis title': 'Нажмите для ввода названия полярной оси',
        'Compare data on hover': 'При наведении показывать все данные',
        'Double-click on legend to isolate one trace': 'Дважды щёлкните по легенде для выделения отдельных данных',
        'Double-click to zoom back out': 'Для сброса масштаба к значению по умолчанию дважды щёлкните мышью',
        'Download plot': 'Сохранить график',
        'Download plot as a PNG': 'Сохранить в формате PNG',
        'Edit in Chart Studio': 'Редактировать в Chart Studio',
        'IE only supports svg.  Changing format to svg.': 'IE поддерживает только svg. Формат сменяется на svg.',
        'Lasso Select': 'Лассо',
        'Orbital rotation': 'Орбитальное движение',
        'Pan': 'Сдвиг',
        'Produced with Plotly.js': 'Создано с помощью Plotly.js',
        'Reset': 'Сбросить к значениям по умолчанию',
        'Reset axes': 'Сбросить отображение осей к значениям по умолчанию',
        'Reset camera to default': 'Сбросить параметры камеры к значениям по умолчанию',
        'Reset camera to last save': 'Сбросить камеру к последнему сохранённому состоянию',
        'Reset view': 'Сбросить отображение к значениям по умолчанию',
        'Reset views': 'Сбросить отображения к значениям по умолчанию',
        'Show closest data on hover': 'При наведении показывать ближайшие данные',
        'Snapshot succeeded': 'Снимок успешно создан',
        'Sorry, there was a problem downloading your snapshot!': 'К сожалению, возникла проблема при сохранении снимка',
        'Taking snapshot - this may take a few seconds': 'Делается снимок - это может занять несколько секунд',
        'Toggle Spike Lines': 'Включить/выключить отображение линий проекций точек',
        'Toggle show closest data on hover': 'Включить/выключить показ ближайших данных при наведении',
        'Turntable rotation': 'Вращение на поворотном столе',
        'Zoom': 'Зум',
        'Zoom in': 'Увеличить',
        'Zoom out': 'Уменьшить',
        'close:': 'Закрытие:',
        'concentration:': 'Концентрация:',
        'high:': 'Максимум:',
        'incoming flow count:': 'Количество входящих связей:',
        'kde:': 'Ядерная оценка плотности:',
        'lat:': 'Широта:',
        'lon:': 'Долгота:',
        'low:': 'Минимум:',
        'lower fence:': 'Нижняя граница:',
        'max:': 'Макс.:',
        'mean ± σ:': 'Среднее ± σ:',
        'mean:': 'Среднее:',
        'median:': 'Медиана:',
        'min:': 'Мин.:',
        'new text': 'Новый текст',
        'open:': 'Открытие:',
        'outgoing flow count:': 'Количество исходящих связей:',
        'q1:': 'q1:',
        'q3:': 'q3:',
        'source:': 'Источник:',
        'target:': 'Цель:',
        'trace': 'Ряд',
        'upper fence:': 'Верхняя граница:'
    },
    format: {
        days: [
            'воскресенье', 'понедельник', 'вторник', 'среда',
            'четверг', 'пятница', 'суббота'
        ],
        shortDays: ['вс', 'пн', 'вт', 'ср', 'чт', 'пт', 'сб'],
        months: [
            'Январь', 'Февраль', 'Март', 'Апрель', 'Май', 'Июнь',
            'Июль', 'Август', 'Сентябрь', 'Октябрь', 'Ноябрь', 'Декабрь'
        ],
        shortMonths: [
            'Янв.', 'Февр.', 'Март', 'Апр.', 'Май', 'Июнь',
            'Июль', 'Авг.', 'Сент.', 'Окт.', 'Ноя', 'Дек.'
        ],
        date: '%d.%m.%Y',
        decimal: ',',
        thousands: ' '
    }
});
  locales.push({
    moduleType: 'locale',
    name: 'az',
    dictionary: {},
    format: {
        days: [
            'Bazar', 'Bazar ertəsi', 'Çərşənbə axşamı', 'Çərşənbə',
            'Cümə axşamı', 'Cümə', 'Şənbə'
        ],
        shortDays: ['B', 'Be', 'Ça', 'Ç', 'Ca', 'C', 'Ş'],
        months: [
            'Yanvar', 'Fevral', 'Mart', 'Aprel', 'May', 'İyun',
            'İyul', 'Avqust', 'Sentyabr', 'Oktyabr', 'Noyabr', 'Dekabr'
        ],
        shortMonths: [
            'Yan', 'Fev', 'Mar', 'Apr', 'May', 'İyun',
            'İyul', 'Avq', 'Sen', 'Okt', 'Noy', 'Dek'
        ],
        date: '%d.%m.%Y'
    }
});
  locales.push({
    moduleType: 'locale',
    name: 'zh-CN',
    dictionary: {
        'Autoscale': '自动缩放',                                                               // components/modebar/buttons.js:139
        'Box Select': '矩形框选',
        'Click to enter Colorscale title': '点击输入色阶的标题',                               // plots/plots.js:437
        'Click to enter Component A title': '点击输入组件A的标题',                           // plots/ternary/ternary.js:386
        'Click to enter Component B title': '点击输入组件B的标题',                           // plots/ternary/ternary.js:400
        'Click to enter Component C title': '点击输入组件C的标题',                           // plots/ternary/ternary.js:411
        'Click to enter Plot title': '点击输入图表的标题',                                     // plot_api/plot_api.js:579
        'Click to enter X axis title': '点击输入X轴的标题',                                  // plots/plots.js:435
        'Click to enter Y axis title': '点击输入Y轴的标题',                                  // plots/plots.js:436
        'Compare data on hover': '悬停时比较数据',                                             // components/modebar/buttons.js:167
        'Double-click on legend to isolate one trace': '双击图例来突显对应轨迹',
        'Double-click to zoom back out': '双击返回缩小显示',                                   // plots/cartesian/dragbox.js:299
        'Download plot as a PNG': '下载图表为PNG格式',
        'Download plot': '下载图表',                                                           // components/modebar/buttons.js:53
        'Edit in Chart Studio': '在Chart Studio中编辑',                                      // components/modebar/buttons.js:76
        'IE only supports svg.  Changing format to svg.': 'IE只支持SVG。转换格式为SVG。',   // components/modebar/buttons.js:60
        'Lasso Select': '套索选择',                                                            // components/modebar/buttons.js:112
        'Orbital rotation': '轨道旋转',                                                        // components/modebar/buttons.js:279
        'Pan': '平移',
        'Produced with Plotly.js': '由Plotly.js生成',                                        // components/modebar/modebar.js:256
        'Reset': '重置',                                                                       // components/modebar/buttons.js:432
        'Reset axes': '重置轴',                                                                // components/modebar/buttons.js:148
        'Reset camera to default': '重置镜头视角为默认状态',
        'Reset camera to last save': '重置镜头视角为上次保存状态',
        'Reset view': '重置视图',                                                              // components/modebar/buttons.js:583
        'Reset views': '重置视图',                                                             // components/modebar/buttons.js:529
        'Show closest data on hover': '悬停时显示最近的数据',                                  // components/modebar/buttons.js:157
        'Snapshot succeeded': '生成快照成功',                                                  // components/modebar/buttons.js:66
        'Sorry, there was a problem downloading your snapshot!': '抱歉，下载快照出现问题！',   // components/modebar/buttons.js:69
        'Taking snapshot - this may take a few seconds': '正在生成快照 - 可能需要几秒钟',      // components/modebar/buttons.js:57
        'Zoom': '缩放',                                                                        // components/modebar/buttons.js:85
        'Zoom in': '放大',                                                                     // components/modebar/buttons.js:121
        'Zoom out': '缩小',                                                                    // components/modebar/buttons.js:130
        'close:': '关闭:',
        'trace': '踪迹:',                                                                      // plots/plots.js:439
        'lat:': '纬度:',                                                                       // traces/scattergeo/calc.js:48
        'lon:': '经度:',                                                                       // traces/scattergeo/calc.js:49
        'q1:': '第一四分位数:',                                                                // traces/box/calc.js:130
        'q3:': '第三四分位数:',                                                                // traces/box/calc.js:131
        'source:': '源:',                                                                      // traces/sankey/plot.js:140
        'target:': '目标:',                                                                    // traces/sankey/plot.js:141
        'lower fence:': '内侧栏(lower fence):',
        'upper fence:': '外侧栏(upper fence):',
        'max:': '最大值:',
        'mean ± σ:': '平均数 ± 标准差σ:',
        'mean:': '平均数:',
        'median:': '中位数:',
        'min:': '最小值:',
        'Turntable rotation': '旋转转盘:',
        'Toggle Spike Lines': '切换显示数据点辅助线(Spike Lines)',
        'open:': '打开:',
        'high:': '高:',                                                                        // traces/ohlc/transform.js:137
        'low:': '低:',                                                                         // traces/ohlc/transform.js:138
        'Toggle show closest data on hover': '切换悬停时显示最近的数据点',
        'incoming flow count:': '流入数量:',                                                   // traces/sankey/plot.js:142
        'outgoing flow count:': '流出数量:',                                                   // traces/sankey/plot.js:143
        'kde:': 'kde:',                                                                        // traces/violin/calc.js:73
        'Click to enter radial axis title': '点击输入径向轴标题',
        'new text': '新建文本'
    },
    format: {
        days: ['星期日', '星期一', '星期二', '星期三', '星期四', '星期五', '星期六'],
        shortDays: ['周日', '周一', '周二', '周三', '周四', '周五', '周六'],
        months: ['一月', '二月', '三月', '四月', '五月', '六月', '七月', '八月', '九月', '十月', '十一月', '十二月'],
        shortMonths: ['一', '二', '三', '四', '五', '六', '七', '八', '九', '十', '十一', '十二'],
        date: '%Y-%m-%d'
    }
});
  locales.push({
    moduleType: 'locale',
    name: 'tr',
    dictionary: {
        'Autoscale': 'Otomatik Ölçeklendir',
        'Box Select': 'Dikdörtgen Kutu Seçimi',
        'Click to enter Colorscale title': 'Renk Ölçeği başlığını girmek için tıklayın',
        'Click to enter Component A title': 'A bileşeni başlığını girmek için tıklayın',
        'Click to enter Component B title': 'B bileşeni başlığını girmek için tıklayın',
        'Click to enter Component C title': 'C bileşeni başlığını girmek için tıklayın',
        'Click to enter Plot title': 'Grafik başlığını girmek için tıklayın',
        'Click to enter X axis title': 'X ekseni başlığını girmek için tıklayın',
        'Click to enter Y axis title': 'Y ekseni başlığını girmek için tıklayın',
        'Compare data on hover': 'Üzerine gelince verileri karşılaştır',
        'Double-click on legend to isolate one trace': 'Bir izi izole etmek için göstergeye (legend) çift tıklayın',
        'Double-click to zoom back out': 'Geri uzaklaştırmak için çift tıklayın',
        'Download plot as a PNG': 'Grafiği PNG olarak indir',
        'Download plot': 'Grafiği indir',
        'Edit in Chart Studio': "Chart Studio'da düzenle",
        'IE only supports svg.  Changing format to svg.': "IE yalnızca svg'yi destekler. Format svg'ye dönüştürülüyor.",
        'Lasso Select': 'Serbest seçim',
        'Orbital rotation': 'Yörüngesel döndürme',
        'Pan': 'Kaydır',
        'Produced with Plotly.js': 'Plotly.js ile üretilmiştir',
        'Reset': 'Sıfırla',
        'Reset axes': 'Eksenleri sıfırla',
        'Reset camera to default': 'Kamerayı varsayılana sıfırla',
        'Reset camera to last save': 'Kamerayı son kaydedilene sıfırla',
        'Reset view': 'Görünümü sıfırla',
        'Reset views': 'Görünümleri sıfırla',
        'Show closest data on hover': 'Üzerine gelince en yakın veriyi göster',
        'Snapshot succeeded': 'Anlık görüntü alındı',
        'Sorry, there was a problem downloading your snapshot!': 'Üzgünüz, anlık görüntünüz indirilirken bir sorun oluştu!',
        'Taking snapshot - this may take a few seconds': 'Anlık görüntü alınıyor - bu işlem birkaç saniye sürebilir',
        'Zoom': 'Yakınlaştır',
        'Zoom in': 'Yakınlaş',
        'Zoom out': 'Uzaklaş',
        'close:': 'kapanış:',
        'trace': 'iz',
        'lat:': 'enlem:',
        'lon:': 'boylam:',
        'q1:': 'ç1:',
        'q3:': 'ç3:',
        'source:': 'kaynak:',
        'target:': 'hedef:',
        'lower fence:': 'alt sınır:',
        'upper fence:': 'üst sınır:',
        'max:': 'maks:',
        'mean ± σ:': 'ortalama ± σ:',
        'mean:': 'ortalama:',
        'median:': 'medyan:',
        'min:': 'min:',
        'Turntable rotation': 'Döner tabla (turntable) dönüşü',
        'Toggle Spike Lines': 'Yardımcı Çizgileri Aç/Kapat',
        'open:': 'açılış:',
        'high:': 'yüksek:',
        'low:': 'düşük:',
        'Toggle show closest data on hover': 'Üzerine gelince en yakın veriyi gösterme seçeneğini aç/kapat',
        'incoming flow count:': 'gelen akış sayısı:',
        'outgoing flow count:': 'giden akış sayısı:',
        'kde:': 'çekirdek yoğunluk tahmini (kde):'
    },
    format: {
        days: ['Pazar', 'Pazartesi', 'Salı', 'Çarşamba', 'Perşembe', 'Cuma', 'Cumartesi'],
        shortDays: ['Pz', 'Pt', 'Sa', 'Ça', 'Pe', 'Cu', 'Ct'],
        months: [
            'Ocak', 'Şubat', 'Mart', 'Nisan', 'Mayıs', 'Haziran',
            'Temmuz', 'Ağustos', 'Eylül', 'Ekim', 'Kasım', 'Aralık'
        ],
        shortMonths: [
            'Oca', 'Şub', 'Mar', 'Nis', 'May', 'Haz',
            'Tem', 'Ağu', 'Eyl', 'Eki', 'Kas', 'Ara'
        ],
        date: '%d.%m.%Y',
        decimal: ',',
        thousands: '.'
    }
});
  function register(plotly) {
    locales.forEach(function (l) { plotly.register(l); });
  }
  if (window.Plotly && window.Plotly.register) {
    register(window.Plotly);
    return;
  }
  // plotly.js ends with `window.Plotly = Plotly`: catch that assignment and register the
  // locales before any chart is drawn (a chart drawn first keeps English modebar tooltips).
  var value;
  Object.defineProperty(window, 'Plotly', {
    configurable: true,
    enumerable: true,
    get: function () { return value; },
    set: function (plotly) {
      value = plotly;
      Object.defineProperty(window, 'Plotly', {
        value: plotly, writable: true, configurable: true, enumerable: true
      });
      if (plotly && plotly.register) register(plotly);
    }
  });
})();
